// Fetches an HTTP source into staging one committed page at a time, heartbeating the cursor to resume from.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput } from '../../core/run/run-types';
import type { HttpSource } from '../../core/fetch/source-spec';
import type { WatermarkProposal } from '../../core/fetch/watermark-proposal';
import { appendStaging, prepareStaging } from '../staging/staging-appender';
import { clearQuarantine, insertQuarantined, quarantineItem } from '../validate/quarantine-writer';
import { heartbeatIntervalMs } from '../heartbeat-interval';
import type { HttpCursor } from './http/http-cursor';
import { httpPages } from './http/http-pages';
import { IncrementalFilter } from './incremental-filter';
import { recordLimits } from './record-limits';
import { RecordScreen } from './record-screen';
import type { IncrementalRun } from './incremental-run';

/**
 * What a fetch heartbeats: the cursor after the last committed page, and with it the rows staged, the
 * records read (staged, filtered out or quarantined) and quarantined, and the highest cursor value.
 */
interface FetchProgress {
  cursor: HttpCursor;
  rows: number;
  records?: number;
  rejected?: number;
  highest?: string;
}

/** Rows staged and records quarantined, and for an incremental fetch that proposes its watermark, the proposal. */
export interface FetchOutcome {
  rows: number;
  rejected: number;
  proposal?: WatermarkProposal;
}

export async function fetchHttp(
  pool: Pool,
  table: string,
  source: HttpSource,
  input: StepInput,
  incremental?: IncrementalRun,
): Promise<FetchOutcome> {
  const context = Context.current();
  const previous = context.info.heartbeatDetails as FetchProgress | undefined;
  let rows = await prepareStaging(pool, table, previous?.rows);
  const resumeFrom = previous && rows === previous.rows ? previous.cursor : undefined;
  const filter = incremental && new IncrementalFilter(incremental, resumeFrom && previous?.highest);
  const screen = resumeFrom
    ? new RecordScreen(recordLimits(source).maxRecordDepth, previous?.records ?? rows, previous?.rejected)
    : new RecordScreen(recordLimits(source).maxRecordDepth);
  // Quarantined records commit with their page: what a resumed read will read again is removed.
  await clearQuarantine(pool, input, resumeFrom ? screen.records : undefined);
  if (resumeFrom)
    context.log.info('resuming fetch after the last committed page', { rows, pages: resumeFrom.pages });
  let progress: FetchProgress | undefined = resumeFrom
    ? { ...previous, cursor: resumeFrom, rows }
    : undefined;
  // Also while a page is on its way: a slow answer, or a backoff and then one, may outlast the heartbeat
  // timeout, and Temporal would start another attempt appending to the same table while this one still runs.
  const beat = setInterval(
    () => context.heartbeat(progress),
    heartbeatIntervalMs(context.info.heartbeatTimeoutMs),
  );
  try {
    for await (const page of httpPages(source, {
      ...(input.partition ? { partition: input.partition } : {}),
      params: input.params,
      ...(incremental?.watermark !== undefined ? { watermark: incremental.watermark } : {}),
      env: process.env,
      ...(resumeFrom ? { resumeFrom } : {}),
      signal: context.cancellationSignal,
      onRetry: (event) => {
        context.log.warn('retrying request', { ...event });
        context.heartbeat(progress);
      },
    })) {
      const { kept, out } = screen.split(page.rows);
      rows = await appendStaging(
        pool,
        table,
        filter ? kept.filter((r) => filter.keep(r)) : kept,
        rows,
        out.length > 0
          ? (client) =>
              insertQuarantined(
                client,
                input,
                out.map((r) => quarantineItem(r.recordNumber, r.row, r.issues)),
              )
          : undefined,
      );
      progress = {
        cursor: page.cursor,
        rows,
        records: screen.records,
        rejected: screen.rejected,
        ...(filter?.proposal?.highest !== undefined ? { highest: filter.proposal.highest } : {}),
      };
      context.heartbeat(progress);
    }
  } finally {
    clearInterval(beat);
  }
  return { rows, rejected: screen.rejected, ...(filter?.proposal ? { proposal: filter.proposal } : {}) };
}
