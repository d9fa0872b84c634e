// A scrape whose PostgreSQL is unreachable still answers, at once, with Temporal's families and the source marked down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { freePort } from '../../devstack/port-check';
import { createLogger } from '../../runtime/logger';
import { sluiceMetricsCollector } from '../../workers/metrics/collect-sluice-metrics';
import { formatExposition } from '../../workers/metrics/exposition';
import { exampleCatalog } from '../support/example-project';
import { parseExposition } from '../support/scrape-metrics';
import { useTestStack } from '../support/test-stack';

const stack = useTestStack();

test('an unreachable database leaves its families out and says so; the rest is served', async () => {
  const unreachable = new pg.Pool({
    connectionString: `postgresql://nobody@127.0.0.1:${await freePort()}/none`,
    connectionTimeoutMillis: 2_000,
  });
  const lines: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
  try {
    const collect = sluiceMetricsCollector({
      pool: unreachable,
      client: stack.temporal.client,
      catalog: await exampleCatalog(),
      logger,
    });
    const started = Date.now();
    const scrape = parseExposition(formatExposition(await collect()));
    assert.ok(Date.now() - started < 6_000, 'bounded by the source timeout');
    assert.equal(scrape.value('sluice_metrics_source_up', { source: 'postgresql' }), 0);
    assert.equal(scrape.value('sluice_metrics_source_up', { source: 'temporal' }), 1);
    assert.ok(!scrape.names().has('sluice_runs_finished_total'), 'no numbers made up for the missing source');
    assert.ok(scrape.names().has('sluice_pipeline_schedule_interval_seconds'));
    assert.match(lines.join(''), /"source":"postgresql".*a source could not be read/);
  } finally {
    await unreachable.end();
  }
});
