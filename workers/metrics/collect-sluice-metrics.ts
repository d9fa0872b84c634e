// Sluice's families for one scrape: run records from PostgreSQL, open runs from Temporal, schedules from the catalog.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Catalog } from '../../core/pipeline/catalog';
import { longestScheduleGapSeconds } from '../../core/schedules/cron-interval';
import type { SluiceLogger } from '../../runtime/logger';
import { gauge, type MetricFamily } from './exposition';
import { inProgressMetrics } from './in-progress-metrics';
import { runRecordMetrics } from './run-record-metrics';

/** A source slower than this is left out of the scrape (and reported down) rather than holding it up. */
const SOURCE_TIMEOUT_MS = 5_000;

export interface MetricSources {
  pool: Pool;
  client: Client;
  catalog: Catalog;
  logger: SluiceLogger;
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${SOURCE_TIMEOUT_MS} ms`)),
      SOURCE_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The expected interval of each scheduled pipeline: the stale-pipeline alert compares the last success with it. */
export function scheduleFamily(catalog: Catalog): MetricFamily {
  const samples = [...catalog.values()].flatMap((definition) => {
    const seconds = definition.schedule ? longestScheduleGapSeconds(definition.schedule) : undefined;
    return seconds === undefined ? [] : [{ labels: { pipeline: definition.name }, value: seconds }];
  });
  return gauge(
    'sluice_pipeline_schedule_interval_seconds',
    "The longest gap between two of the pipeline's scheduled starts (unpaused schedules only).",
    samples,
  );
}

/** Returns a scrape function: every family whose source answered, and `sluice_metrics_source_up` for each source. */
export function sluiceMetricsCollector(sources: MetricSources): () => Promise<MetricFamily[]> {
  const schedules = scheduleFamily(sources.catalog);
  const reading: [string, () => Promise<MetricFamily[]>][] = [
    ['postgresql', () => runRecordMetrics(sources.pool, [...sources.catalog.keys()])],
    ['temporal', () => inProgressMetrics(sources.client)],
  ];
  return async () => {
    const results = await Promise.allSettled(reading.map(([name, read]) => withTimeout(read(), name)));
    const up = results.map((result, i) => {
      const source = reading[i]?.[0] ?? '';
      if (result.status === 'rejected')
        sources.logger.warn(
          { source, err: (result.reason as Error).message },
          'metrics: a source could not be read; its families are left out of this scrape',
        );
      return { labels: { source }, value: result.status === 'fulfilled' ? 1 : 0 };
    });
    return [
      ...results.flatMap((result) => (result.status === 'fulfilled' ? result.value : [])),
      schedules,
      gauge('sluice_metrics_source_up', 'Whether the last scrape could read the source (1) or not (0).', up),
    ];
  };
}
