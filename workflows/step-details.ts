// Renders the step table as Markdown for the Temporal UI's current details (capped at 20 KB).
import type { RunState, StepState } from '../core/run/run-state';

const DETAILS_LIMIT = 20_000;

const rows = (s: StepState) =>
  s.rowsOut === undefined ? '' : `${s.rowsIn ?? ''} / ${s.rowsOut} / ${s.rowsRejected ?? 0}`;

const duration = (s: StepState) =>
  s.startedAt && s.endedAt
    ? `${((Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1)} s`
    : '';

export function stepDetails(run: RunState): string {
  const header = [
    `**${run.pipeline}**${run.partition ? ` [${run.partition}]` : ''}: ${run.status}${run.paused ? ' (paused)' : ''}`,
    '',
    '| step | kind | status | attempts | rows in / out / rejected | time | note |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const lines = run.steps.map(
    (s) =>
      `| ${s.id} | ${s.kind} | ${s.status} | ${s.attempts} | ${rows(s)} | ${duration(s)} | ${(s.lastError ?? '').replace(/[|\n]/g, ' ').slice(0, 200)} |`,
  );
  return [...header, ...lines].join('\n').slice(0, DETAILS_LIMIT);
}
