// Fetches an HTTP source into staging one committed page at a time, heartbeating the cursor to resume from.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput } from '../../core/run/run-types';
import type { HttpSource } from '../../core/fetch/source-spec';
import type { WatermarkProposal } from '../../core/fetch/watermark-proposal';
import { appendStaging, prepareStaging } from '../staging/staging-appender';
import type { HttpCursor } from './http/http-cursor';
import { httpPages } from './http/http-pages';
import { IncrementalFilter } from './incremental-filter';
import type { IncrementalRun } from './incremental-run';

/** What a fetch heartbeats: the cursor after the last committed page, the rows and highest cursor value with it. */
interface FetchProgress {
  cursor: HttpCursor;
  rows: number;
  highest?: string;
}

/** Rows fetched, and for an incremental fetch that proposes its watermark, the proposal. */
export interface FetchOutcome {
  rows: number;
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
  if (resumeFrom)
    context.log.info('resuming fetch after the last committed page', { rows, pages: resumeFrom.pages });
  let progress: FetchProgress | undefined = resumeFrom
    ? { ...previous, cursor: resumeFrom, rows }
    : undefined;
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
    rows = await appendStaging(
      pool,
      table,
      filter ? page.rows.filter((r) => filter.keep(r)) : page.rows,
      rows,
    );
    progress = {
      cursor: page.cursor,
      rows,
      ...(filter?.proposal?.highest !== undefined ? { highest: filter.proposal.highest } : {}),
    };
    context.heartbeat(progress);
  }
  return { rows, ...(filter?.proposal ? { proposal: filter.proposal } : {}) };
}
