// `--wait`: follows a run until it ends, redrawing the step table on a terminal, or printing changes as lines.
import type { RunState } from '../core/run/run-state';
import type { RunSummary } from '../workflows/run-pipeline';
import type { SluiceClient } from '../client/sluice-client';
import { stepTable } from './tables';

const POLL_MS = 500;

export interface WatchOptions {
  /** Print nothing while waiting (for --json). */
  quiet: boolean;
  out: NodeJS.WriteStream;
}

export async function watchRun(
  client: SluiceClient,
  workflowId: string,
  options: WatchOptions,
): Promise<RunSummary> {
  const result = client.result(workflowId);
  let settled = false;
  result.then(
    () => (settled = true),
    () => (settled = true),
  );
  const seen = new Map<string, string>();
  let drawnLines = 0;
  while (!settled && !options.quiet) {
    const state = await client.status(workflowId).catch(() => undefined);
    if (state && options.out.isTTY) {
      const table = stepTable(state);
      options.out.write(`${drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[J` : ''}${table}\n`);
      drawnLines = table.split('\n').length;
    } else if (state) {
      for (const line of changes(state, seen)) options.out.write(`${line}\n`);
    }
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, POLL_MS))]);
  }
  return result;
}

/** `step fetch_orders: running` lines for the steps whose status changed since the last look. */
function changes(state: RunState, seen: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const step of state.steps) {
    if (seen.get(step.id) === step.status) continue;
    seen.set(step.id, step.status);
    const rows = step.rowsOut === undefined ? '' : ` (${step.rowsOut} rows)`;
    lines.push(
      `${new Date().toISOString()} ${step.id}: ${step.status}${rows}${step.lastError ? ` - ${step.lastError}` : ''}`,
    );
  }
  return lines;
}
