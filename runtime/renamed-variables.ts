// Sluice's first names for the TLS files, still read as aliases of Temporal's names with a one-line deprecation note.
import type { EnvProblem } from './parse-env';

/** Old name → the name Temporal's CLI and SDKs read for the same setting. */
export const RENAMED_VARIABLES = {
  TEMPORAL_TLS_CERT: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
} as const;

export type RenamedVariable = keyof typeof RENAMED_VARIABLES;

export interface RenamedResult {
  /** The environment under Temporal's names only: aliases moved over, empty values dropped as unset. */
  env: Record<string, string>;
  /** For a Temporal name given under its old name: that old name, so that messages name what the user set. */
  givenAs: Partial<Record<string, RenamedVariable>>;
  /** The old names in use, for {@link announceRenamed}. */
  used: RenamedVariable[];
  problems: EnvProblem[];
}

/** Moves each old name onto Temporal's name; both set to different values is a problem naming both. */
export function applyRenamedVariables(env: NodeJS.ProcessEnv): RenamedResult {
  const result: RenamedResult = { env: {}, givenAs: {}, used: [], problems: [] };
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && value !== '' && !(name in RENAMED_VARIABLES)) result.env[name] = value;
  for (const [old, current] of Object.entries(RENAMED_VARIABLES) as [RenamedVariable, string][]) {
    const value = env[old];
    if (value === undefined || value === '') continue;
    result.used.push(old);
    const other = result.env[current];
    if (other === undefined) {
      result.env[current] = value;
      result.givenAs[current] = old;
    } else if (other !== value) {
      result.problems.push({
        variable: old,
        message: `is the old name of ${current}, which is set to ${JSON.stringify(other)}: keep only ${current}`,
      });
    }
  }
  return result;
}

/** The one line that tells a user to move from an old name. */
export function renamedNote(old: RenamedVariable): string {
  return `sluice: ${old} is deprecated; set ${RENAMED_VARIABLES[old]} instead (Temporal's name for it)`;
}

const announced = new Set<RenamedVariable>();

/** Writes each old name's note once per process (to stderr unless told), however many connections read the environment. */
export function announceRenamed(
  used: readonly RenamedVariable[],
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): void {
  for (const old of used) {
    if (announced.has(old)) continue;
    announced.add(old);
    write(renamedNote(old));
  }
}
