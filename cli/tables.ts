// Tables for the CLI: a run's steps, and a list of runs; boxed on a terminal, plain aligned columns otherwise.
import Table from 'cli-table3';
import type { RunState, StepState } from '../core/run/run-state';
import type { RunListing } from '../client/runs-client';
import { terminalLook, type TerminalLook } from './terminal-look';
import { terminalText } from './terminal-text';

const NO_BORDERS = Object.fromEntries(
  [
    'top',
    'top-mid',
    'top-left',
    'top-right',
    'bottom',
    'bottom-mid',
    'bottom-left',
    'bottom-right',
    'left',
    'left-mid',
    'mid',
    'mid-mid',
    'right',
    'right-mid',
    'middle',
  ].map((name) => [name, '']),
);

/** A heading in cyan. Written here rather than by cli-table3's colour library, which turns itself off by its own
 * reading of the environment (CI, TERM=dumb): whether to colour is `look`'s decision alone. */
const cyan = (text: string) => `\x1b[36m${text}\x1b[39m`;

/**
 * Draws `rows` under `head` for `look`: no box drawing off a terminal, no colour without one or with NO_COLOR.
 * Cells hold what sources and runs said (errors, ids): their control characters are shown, not obeyed.
 */
export function drawTable(head: string[], rows: (string | number)[][], look: TerminalLook): string {
  const table = new Table({
    head: look.colour ? head.map(cyan) : head,
    ...(look.live ? {} : { chars: NO_BORDERS }),
    style: {
      head: [],
      border: [],
      ...(look.live ? {} : { 'padding-left': 0, 'padding-right': 2 }),
    },
  });
  table.push(...rows.map((row) => row.map((cell) => (typeof cell === 'string' ? terminalText(cell) : cell))));
  const drawn = table.toString();
  return look.live
    ? drawn
    : drawn
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n');
}

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

export function stepTable(state: RunState, look: TerminalLook = terminalLook()): string {
  const rows = state.steps.map((s) => [
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
  const title = `${state.pipeline}${state.partition ? ` [${state.partition}]` : ''}: ${state.status}${state.paused ? ' (paused)' : ''}`;
  return `${terminalText(title)}\n${drawTable(['step', 'kind', 'status', 'attempts', 'in', 'out', 'rejected', 'time', 'note'], rows, look)}`;
}

export function runsTable(runs: RunListing[], look: TerminalLook = terminalLook()): string {
  if (runs.length === 0) return 'no runs match';
  const rows = runs.map((r) => [
    r.workflowId,
    r.status ?? r.temporalStatus.toLowerCase(),
    r.trigger ?? '',
    r.startTime,
    r.closeTime ?? '',
  ]);
  return drawTable(['workflow id', 'status', 'trigger', 'started', 'closed'], rows, look);
}
