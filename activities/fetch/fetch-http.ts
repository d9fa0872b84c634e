// Fetches an HTTP source into staging one committed page at a time, heartbeating the cursor to resume from.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput } from '../../core/run-types';
import type { HttpSource } from '../../core/source-spec';
import { appendStaging, prepareStaging } from '../staging/staging-appender';
import type { HttpCursor } from './http/http-cursor';
import { httpPages } from './http/http-pages';

/** What a fetch heartbeats: the cursor after the last committed page and the rows committed with it. */
interface FetchProgress {
  cursor: HttpCursor;
  rows: number;
}

export async function fetchHttp(
  pool: Pool,
  table: string,
  source: HttpSource,
  input: StepInput,
): Promise<number> {
  const context = Context.current();
  const previous = context.info.heartbeatDetails as FetchProgress | undefined;
  let rows = await prepareStaging(pool, table, previous?.rows);
  const resumeFrom = previous && rows === previous.rows ? previous.cursor : undefined;
  if (resumeFrom)
    context.log.info('resuming fetch after the last committed page', { rows, pages: resumeFrom.pages });
  let progress: FetchProgress | undefined = resumeFrom ? { cursor: resumeFrom, rows } : undefined;
  for await (const page of httpPages(source, {
    ...(input.partition ? { partition: input.partition } : {}),
    params: input.params,
    env: process.env,
    ...(resumeFrom ? { resumeFrom } : {}),
    signal: context.cancellationSignal,
    onRetry: (event) => {
      context.log.warn('retrying request', { ...event });
      context.heartbeat(progress);
    },
  })) {
    rows = await appendStaging(pool, table, page.rows, rows);
    progress = { cursor: page.cursor, rows };
    context.heartbeat(progress);
  }
  return rows;
}
