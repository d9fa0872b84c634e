// Renders a backfill's progress as Markdown for the Temporal UI's current details (capped at 20 KB).
import type { BackfillCounts, BackfillPartition, BackfillStatus } from '../core/backfill/backfill-types';

const DETAILS_LIMIT = 20_000;
/** Partitions named per list; the query has them all. */
const LISTED = 20;

const list = (keys: string[]) => keys.slice(0, LISTED).join(', ') + (keys.length > LISTED ? ', …' : '');

export function backfillDetails(
  counts: BackfillCounts & Pick<BackfillStatus, 'pipeline' | 'from' | 'to'>,
  paused: boolean,
  running: string[],
  failures: BackfillPartition[],
): string {
  const tally = [
    `${counts.done} of ${counts.total} done`,
    `${counts.running} running`,
    `${counts.pending} pending`,
    `${counts.skipped} skipped`,
    `${counts.failed} failed`,
    ...(counts.alreadyRunning ? [`${counts.alreadyRunning} already running elsewhere`] : []),
    ...(counts.cancelled ? [`${counts.cancelled} cancelled`] : []),
  ];
  const lines = [
    `**${counts.pipeline}** backfill ${counts.from}..${counts.to}${paused ? ' (paused: no new partitions start)' : ''}`,
    '',
    tally.join(' · '),
  ];
  if (running.length > 0) lines.push('', `running: ${list(running)}`);
  if (failures.length > 0) {
    lines.push(
      '',
      '| failed partition | error |',
      '| --- | --- |',
      ...failures
        .slice(-LISTED)
        .map((p) => `| ${p.key} | ${(p.note ?? '').replace(/[|\n]/g, ' ').slice(0, 200)} |`),
    );
  }
  return lines.join('\n').slice(0, DETAILS_LIMIT);
}
