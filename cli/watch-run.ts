// Follows a run to its end for `run --wait`, `watch` and `status --wait`, then prints its final table or document.
import type { RunState } from '../core/run/run-state';
import { DecryptionError, UnencryptedPayloadError } from '../runtime/codec/decryption-error';
import { RunFailedError, RunUnreadableError } from '../client/run-errors';
import type { SluiceClient } from '../client/sluice-client';
import { followLive, type ProgressView } from './follow-live';
import { emit, type OutputOptions } from './output';
import { stepTable } from './tables';
import type { TerminalLook } from './terminal-look';
import { terminalText } from './terminal-text';

/**
 * Exits as the run ended: returns when it succeeded, throws RunFailedError (exit 1) when it failed or was
 * cancelled, after printing the table it ended with; UnknownRunError (exit 2) when there is no such run.
 */
export async function watchRun(
  client: SluiceClient,
  workflowId: string,
  flags: OutputOptions,
): Promise<void> {
  const summary = await followLive((options) => client.runs.watch(workflowId, options), runView(), {
    quiet: Boolean(flags.json),
    out: process.stdout,
    last: (end) => (end.status === 'fulfilled' ? end.value : failedState(end.reason)),
  }).catch((err: unknown) => {
    const state = failedState(err);
    if (state && !flags.json) process.stdout.write(`${stepTable(state)}\n`);
    const unreadable = err instanceof DecryptionError || err instanceof UnencryptedPayloadError;
    throw unreadable ? new RunUnreadableError(workflowId, err) : err;
  });
  emit(flags, { workflowId, pipeline: summary.pipeline, status: summary.status, summary }, () =>
    stepTable(summary),
  );
}

/** The step table as the frame; `fetch_orders: running (120 rows)` for each step whose status changed. */
function runView(): (state: RunState, look: TerminalLook) => ProgressView {
  const seen = new Map<string, string>();
  return (state, look) => {
    const changes: string[] = [];
    for (const step of state.steps) {
      if (seen.get(step.id) === step.status) continue;
      seen.set(step.id, step.status);
      const rows = step.rowsOut === undefined ? '' : ` (${step.rowsOut} rows)`;
      changes.push(
        terminalText(`${step.id}: ${step.status}${rows}${step.lastError ? ` - ${step.lastError}` : ''}`),
      );
    }
    return { frame: stepTable(state, look), changes };
  };
}

/** The table a failed or cancelled run ended with, when its failure carries one. */
function failedState(err: unknown): RunState | undefined {
  const state = err instanceof RunFailedError ? (err.state as RunState | undefined) : undefined;
  return Array.isArray(state?.steps) ? state : undefined;
}
