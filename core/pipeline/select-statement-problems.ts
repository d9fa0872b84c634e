// Checks that SQL Sluice runs as a query is one SELECT (or WITH … SELECT) statement and nothing more.

/** Quoted text and comments (which may hold any character), or a semicolon outside them. */
const SQL_QUOTED_OR_SEMICOLON =
  /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|;/g;
const LEADING_NOISE = /^(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/|\()*/;

/** Problems with `sql` as one SELECT statement; `field` names it in the messages. */
export function selectStatementProblems(field: string, sql: string): string[] {
  const problems: string[] = [];
  const keyword = /^[a-z]+/i.exec(sql.replace(LEADING_NOISE, ''))?.[0].toUpperCase();
  if (keyword !== 'SELECT' && keyword !== 'WITH')
    problems.push(`${field} must be a SELECT (or WITH ... SELECT), not ${keyword ?? 'empty'}`);
  if ([...sql.matchAll(SQL_QUOTED_OR_SEMICOLON)].some((m) => m[0] === ';'))
    problems.push(`${field} must be one statement without semicolons (drop a trailing ";" too)`);
  return problems;
}
