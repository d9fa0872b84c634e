// How `sluice preview` prints a report for people: one row per load, then what would change in detail.
import type { LoadPreview, PreviewReport } from '../core/run/load-preview';
import { drawTable } from './tables';
import { terminalLook, type TerminalLook } from './terminal-look';
import { terminalText } from './terminal-text';

const json = (value: unknown) => JSON.stringify(value);

function details(load: LoadPreview): string[] {
  const lines: string[] = [];
  const changed = Object.entries(load.changedColumns);
  if (changed.length) lines.push(`changed columns: ${changed.map(([c, n]) => `${c} (${n})`).join(', ')}`);
  if (load.schema.creates) lines.push('schema: the load would create the table');
  if (load.schema.added.length) lines.push(`schema: evolve would add ${load.schema.added.join(', ')}`);
  if (load.schema.refused.length)
    lines.push(`schema: freeze refuses ${load.schema.refused.join(', ')}: the real load would fail`);
  for (const check of load.failedChecks) lines.push(`check ${check.status}: ${check.name}: ${check.message}`);
  for (const reason of load.quarantine.topReasons) lines.push(`quarantined ${reason.rows}: ${reason.reason}`);
  for (const row of load.examples.inserted) lines.push(`+ ${json(row)}`);
  for (const row of load.examples.updated)
    lines.push(`~ ${json(row.key)}: ${json(row.before)} -> ${json(row.after)}`);
  for (const row of load.examples.deleted) lines.push(`- ${json(row)}`);
  return lines.map((line) => `  ${terminalText(line)}`);
}

export function previewText(report: PreviewReport, look: TerminalLook = terminalLook()): string {
  const title = `${report.pipeline}${report.partition ? ` [${report.partition}]` : ''}: preview ${report.workflowId}${
    report.sample !== undefined ? ` (first ${report.sample} records of each source)` : ''
  }; nothing was written`;
  const rows = report.loads.map((l) => [
    l.step,
    l.target,
    l.mode,
    l.inserted,
    l.updated,
    l.deleted,
    l.quarantine.rows,
  ]);
  const table = drawTable(
    ['load', 'target', 'mode', 'inserted', 'updated', 'deleted/closed', 'quarantined'],
    rows,
    look,
  );
  const sections = report.loads.flatMap((l) => {
    const lines = details(l);
    return lines.length ? [`${terminalText(l.step)}:`, ...lines] : [];
  });
  return [terminalText(title), table, ...sections].join('\n');
}
