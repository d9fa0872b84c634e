// Holds a failed step attempt until its PostgreSQL answers again, so an outage costs one attempt, not all of them.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput, StepResult } from '../../core/run/run-types';
import { retryability } from '../retryability';

/** How often a held attempt asks whether PostgreSQL is back. */
const PROBE_EVERY_MS = 1000;

/** Share of the heartbeat timeout a held attempt may wait: it cannot heartbeat without losing its progress. */
const HEARTBEAT_SHARE = 0.75;

async function answers(pool: Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * When an attempt fails with a transient error and the worker's database does not answer, waits until it
 * does (or until the attempt would time out) before passing the failure on: the retry then starts against a
 * database that is back, instead of spending the step's attempts during the outage.
 */
async function waitOutOutage(pool: Pool, err: unknown): Promise<void> {
  if (retryability(err) !== 'transient' || (await answers(pool))) return;
  const context = Context.current();
  const { heartbeatTimeoutMs, startToCloseTimeoutMs, currentAttemptScheduledTimestampMs } = context.info;
  const attemptEnds = currentAttemptScheduledTimestampMs + startToCloseTimeoutMs;
  const deadline = Math.min(attemptEnds, Date.now() + (heartbeatTimeoutMs ?? Infinity) * HEARTBEAT_SHARE);
  context.log.warn('PostgreSQL does not answer: holding the retry until it does', {
    until: new Date(deadline).toISOString(),
  });
  while (Date.now() + PROBE_EVERY_MS < deadline && !context.cancellationSignal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    if (await answers(pool)) {
      context.log.info('PostgreSQL answers again: the step retries', {});
      return;
    }
  }
}

/** A step activity whose transient failures during a database outage wait for the database first. */
export function withOutageWait(pool: Pool, activity: (input: StepInput) => Promise<StepResult>) {
  return async (input: StepInput): Promise<StepResult> => {
    try {
      return await activity(input);
    } catch (err) {
      await waitOutOutage(pool, err);
      throw err;
    }
  };
}
