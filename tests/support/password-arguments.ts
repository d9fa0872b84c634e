// Finds passwords passed as process arguments (which every user of the machine can read) in code and shell text.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One place a secret reaches a process's arguments. */
export interface PasswordArgument {
  file: string;
  line: number;
  text: string;
}

/** Calls that start a process, and which of their arguments become its argv (the rest, env included, may hold secrets). */
const ARGV_ARGUMENTS = new Map<string, readonly number[]>(
  Object.entries({
    spawn: [0, 1],
    spawnSync: [0, 1],
    execFile: [0, 1],
    execFileSync: [0, 1],
    fork: [0, 1],
    exec: [0],
    execSync: [0],
    // tests/support/run-process.ts: argv first, the environment after.
    startProcess: [0],
    runProcess: [0],
    startCommand: [0, 1],
  }),
);

/** Words that name a secret in code that builds argv: a password, a URL carrying one, a key or a token. */
const SECRET_IN_CODE = /passw|\bpw\b|--pw\b|pwd|secret|api_?key|token|database_?url|connection_?string/i;
/** Switches that take no value (`--allow-no-token`), whatever they are named after. */
const SWITCH = /(['"`])--(allow|no)-[\w-]+\1/g;

/** Shell words that pass a secret as an argument. */
const SECRET_IN_SHELL: readonly RegExp[] = [
  /(^|\s)--?(pw|pass|password|passwd)([=\s]|$)/i, // a password flag
  /(^|\s)(-v|--set|--variable)[=\s]*["']?\w*pass\w*=/i, // psql -v worker_password=…
  /(^|\s)-{1,2}[\w-]+[=\s]+["']?\$\{?\w*(PASS|PWD|SECRET|TOKEN|API_KEY)\w*/i, // any flag given a secret variable
  /(^|[\s"'])(?![\w]+=)[a-z][\w+.-]*:\/\/[^\s/@:'"]+:[^\s/@'"]+@/i, // a URL with a password, not as NAME=value
];

/** The argv text of every process-starting call in a TypeScript or JavaScript file that mentions a secret. */
export function passwordArgumentsInCode(file: string, source: string): PasswordArgument[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);

  /** The text of `node` and of what its identifiers were initialized with, declarations followed through. */
  const expanded = (node: ts.Node, seen: Set<ts.Node>): string => {
    const parts = [node.getText(sourceFile)];
    const visit = (child: ts.Node): void => {
      if (ts.isIdentifier(child))
        for (const init of initializersOf(child))
          if (!seen.has(init)) {
            seen.add(init);
            parts.push(expanded(init, seen));
          }
      ts.forEachChild(child, visit);
    };
    visit(node);
    return parts.join('\n');
  };

  const found: PasswordArgument[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = processStarter(node.expression, sourceFile);
      const argv = callee ? ARGV_ARGUMENTS.get(callee.text) : undefined;
      const text = (argv ?? [])
        .flatMap((index) =>
          node.arguments[index] ? [expanded(node.arguments[index], new Set<ts.Node>())] : [],
        )
        .join('\n');
      if (SECRET_IN_CODE.test(text.replace(SWITCH, ''))) {
        const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
        found.push({ file, line: line + 1, text: node.getText(sourceFile).split('\n')[0] ?? '' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The function a call names: `spawn(…)`, `child_process.spawn(…)`, `promisify(execFile)(…)`; not `pattern.exec(…)`. */
function processStarter(expression: ts.Expression, sourceFile: ts.SourceFile): ts.Identifier | undefined {
  if (ts.isIdentifier(expression)) return expression;
  if (ts.isPropertyAccessExpression(expression))
    return /^(child_process|childProcess|cp)$/.test(expression.expression.getText(sourceFile)) &&
      ts.isIdentifier(expression.name)
      ? expression.name
      : undefined;
  if (ts.isCallExpression(expression) && expression.expression.getText(sourceFile) === 'promisify')
    return expression.arguments[0] && processStarter(expression.arguments[0], sourceFile);
  return undefined;
}

/** What the nearest declaration of `id` in its enclosing scopes was initialized with (a parameter's default included). */
function initializersOf(id: ts.Identifier): ts.Expression[] {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    const declarations: (ts.VariableDeclaration | ts.ParameterDeclaration)[] = [];
    if (ts.isFunctionLike(scope)) declarations.push(...scope.parameters);
    if (ts.isBlock(scope) || ts.isSourceFile(scope))
      for (const statement of scope.statements)
        if (ts.isVariableStatement(statement)) declarations.push(...statement.declarationList.declarations);
    const declared = declarations.filter((d) => boundNames(d.name).includes(id.text));
    if (declared.length > 0) return declared.flatMap((d) => (d.initializer ? [d.initializer] : []));
  }
  return [];
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : boundNames(element.name),
  );
}

/** The lines of shell text (a script, a README's sh block, a Dockerfile's RUN) that pass a secret as an argument. */
export function passwordArgumentsInShell(file: string, text: string, firstLine = 1): PasswordArgument[] {
  return text.split('\n').flatMap((line, index) => {
    const code = line.replace(/(^|\s)#.*$/, '');
    return SECRET_IN_SHELL.some((pattern) => pattern.test(code))
      ? [{ file, line: firstLine + index, text: line.trim() }]
      : [];
  });
}

/** The shell inside a Markdown file's sh / bash / shell / console fences, with the line each block starts on. */
function shellBlocks(markdown: string): { text: string; firstLine: number }[] {
  const blocks: { text: string; firstLine: number }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```(sh|bash|shell|console)\s*$/.test(lines[i] ?? '')) continue;
    const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
    blocks.push({ text: lines.slice(i + 1, end).join('\n'), firstLine: i + 2 });
    i = end;
  }
  return blocks;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', '.sluice']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Every password argument in the repository at `root`: code, shell scripts, Dockerfiles and Markdown sh blocks. */
export function passwordArgumentsIn(root: string): PasswordArgument[] {
  return filesUnder(root).flatMap((full) => {
    const file = path.relative(root, full);
    if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(file))
      return passwordArgumentsInCode(file, readFileSync(full, 'utf8'));
    if (/\.md$/.test(file))
      return shellBlocks(readFileSync(full, 'utf8')).flatMap(({ text, firstLine }) =>
        passwordArgumentsInShell(file, text, firstLine),
      );
    if (path.basename(file) === 'Dockerfile')
      return passwordArgumentsInShell(file, readFileSync(full, 'utf8').replace(/^(?!RUN ).*$/gm, ''));
    if (!/\.sh$/.test(file) && path.extname(file) !== '') return [];
    const text = readFileSync(full, 'utf8');
    return /\.sh$/.test(file) || /^#!.*\b(sh|bash)\b/.test(text) ? passwordArgumentsInShell(file, text) : [];
  });
}
