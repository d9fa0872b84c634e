// Rules for names that become SQL identifiers, workflow ids and activity summaries.

/** Lower snake case, starting with a letter, at most 63 characters (PostgreSQL's identifier limit). */
export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** Returns a reason the name is unusable, or undefined when it is fine. */
export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'must be a non-empty string';
  if (!NAME_PATTERN.test(name)) {
    return `"${name}" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters`;
  }
  return undefined;
}

/** A table name, optionally schema-qualified: `orders` or `analytics.fct_orders`. */
export function tableNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  const parts = name.split('.');
  if (parts.length > 2) return `"${name}" has more than one dot; use schema.table`;
  for (const part of parts) {
    const problem = nameProblem(part);
    if (problem) return problem;
  }
  return undefined;
}
