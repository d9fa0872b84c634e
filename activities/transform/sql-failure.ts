// Turns PostgreSQL's complaint about a SQL transform into a failure that says where in the step's sql it is.
import type { StepInput } from '../../core/run/run-types';
import { SQLSTATE } from '../db/sqlstate';
import { retryCannotHelp } from '../retryability';
import { terminalFailure } from '../step-failure';
import type { ComposedSql, SqlRelation } from './compose-sql';

interface PgError {
  code?: string;
  message: string;
  position?: string;
  hint?: string;
}

/**
 * The error to throw for a failed INSERT ... SELECT. The statement around the sql is Sluice's and sound, so
 * whatever no retry can fix (see activities/db/sqlstate.ts), data or terminal alike, is the sql's doing on
 * these inputs; anything else (a lost connection, say) stays retryable.
 */
export function sqlFailure(
  err: unknown,
  input: StepInput,
  composed: ComposedSql,
  relations: SqlRelation[],
  timeoutMs: number,
): unknown {
  const pg = err as PgError;
  const code = pg.code ?? '';
  if (code === SQLSTATE.queryCanceled) {
    // Retryable, as Temporal's own timeout of the attempt would be; statement_timeout only stops the work sooner.
    return new Error(
      `${input.pipeline}/${input.step} (run ${input.workflowId}): the sql was stopped (${pg.message}); the step's start-to-close timeout is ${timeoutMs} ms. Raise timeouts.startToClose or make the query cheaper`,
      { cause: err },
    );
  }
  if (!retryCannotHelp(err)) return err;
  const where = locate(composed, pg.position);
  const hint = pg.hint ? ` (hint: ${pg.hint})` : '';
  const columns =
    code === SQLSTATE.undefinedColumn ? `; the inputs' columns are ${describeColumns(relations)}` : '';
  return terminalFailure(
    'SluiceBadInput',
    input,
    `the sql failed: ${pg.message}${where}${hint}${columns}`,
    'Input columns are text (cast them, e.g. amount::numeric); fix the sql and start a new run. No output was written',
  );
}

/** ` at line 2, column 8 of the sql`, or nothing when PostgreSQL gave no position inside the author's text. */
function locate(composed: ComposedSql, position: string | undefined): string {
  const index = position === undefined ? undefined : composed.authorIndex(Number(position));
  if (index === undefined) return '';
  const lines = composed.author.slice(0, index).split('\n');
  return ` at line ${lines.length}, column ${[...(lines.at(-1) as string)].length + 1} of the sql`;
}

function describeColumns(relations: SqlRelation[]): string {
  return relations
    .map(
      ({ step, columns }) => `${step} (${columns.length > 0 ? columns.join(', ') : 'none: it has no rows'})`,
    )
    .join(', ');
}
