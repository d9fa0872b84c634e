// Reads the environment against a zod schema once, listing every bad or missing variable at once.
import { z } from 'zod';
import { isSecretVariable } from '../core/config/secret-variables';

/** A PostgreSQL connection URL. */
export const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

/** `true` / `false` (or `1` / `0`); unset is false. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** pino's level names. */
export const logLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info');

/** JSON lines for machines (the default), or `pretty` lines for people reading a terminal. */
export const logFormat = z
  .enum(['json', 'pretty'], { error: "must be 'json' (one JSON object a line) or 'pretty' (for a terminal)" })
  .default('json');

/** A problem found in the environment: on a variable that is set, or (no variable) a message naming its source. */
export interface EnvProblem {
  variable?: string;
  message: string;
}

/** Reports problems found by a transform as zod issues, so that parseEnv lists them with the others. */
export function addProblems(ctx: z.RefinementCtx, problems: readonly EnvProblem[]): void {
  for (const { variable, message } of problems)
    ctx.addIssue({ code: 'custom', message, path: variable === undefined ? [] : [variable] });
}

/** Raised with every problem in the environment at once; entry points print it and exit 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these settings (environment variables, or the file named) and start again.`,
    );
  }
}

/** Parses `env` against `schema`; throws ConfigError naming each bad or missing variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      if (name === '') return issue.message;
      const value = env[name];
      return value === undefined
        ? `${name} is required (${issue.message})`
        : `${name}=${isSecretVariable(name) ? '<redacted>' : JSON.stringify(value)}: ${issue.message}`;
    }),
  );
}
