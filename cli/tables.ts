// Tables for terminals: a run's steps, and a list of runs.
import Table from 'cli-table3';
import type { RunState, StepState } from '../core/run/run-state';
import type { RunListing } from '../client/sluice-client';

/** Colours only on a terminal, so piped output stays plain text. */
const style = () => (process.stdout.isTTY ? {} : { style: { head: [], border: [] } });

const checksNote = (s: StepState) => {
  if (!s.checks?.length) return '';
  const counts = ['pass', 'warn', 'fail'].map(
    (status) => [status, s.checks!.filter((c) => c.status === status).length] as const,
  );
  return `checks ${counts
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ')}`;
};

const seconds = (start?: string, end?: string) =>
  start && end ? `${((Date.parse(end) - Date.parse(start)) / 1000).toFixed(1)}s` : '';

export function stepTable(state: RunState): string {
  const table = new Table({
    head: ['step', 'kind', 'status', 'attempts', 'in', 'out', 'rejected', 'time', 'note'],
  });
  for (const s of state.steps) {
    table.push([
      s.id,
      s.kind,
      s.status,
      s.attempts,
      s.rowsIn ?? '',
      s.rowsOut ?? '',
      s.rowsRejected ?? '',
      seconds(s.startedAt, s.endedAt),
      (
        s.lastError ??
        ([s.alreadyLoaded ? 'already loaded' : '', checksNote(s)].filter(Boolean).join('; ') || '')
      ).slice(0, 80),
    ]);
  }
  const title = `${state.pipeline}${state.partition ? ` [${state.partition}]` : ''}: ${state.status}${state.paused ? ' (paused)' : ''}`;
  return `${title}\n${table.toString()}`;
}

export function runsTable(runs: RunListing[]): string {
  if (runs.length === 0) return 'no runs match';
  const table = new Table({ head: ['workflow id', 'status', 'trigger', 'started', 'closed'], ...style() });
  for (const r of runs) {
    table.push([
      r.workflowId,
      r.status ?? r.temporalStatus.toLowerCase(),
      r.trigger ?? '',
      r.startTime,
      r.closeTime ?? '',
    ]);
  }
  return table.toString();
}
