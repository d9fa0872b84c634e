// A worker's /metrics after real runs: Sluice's families beside the SDK's, exact, a retried step counted once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startRun } from '../../client/start-run';
import { freePort } from '../../devstack/port-check';
import { parse } from 'yaml';
import { ROOT, startProcess } from '../support/run-process';
import { scrapeMetrics, type Scrape } from '../support/scrape-metrics';
import { SLUICE_API, writeProject } from '../support/temp-project';
import { uniqueTaskQueue, useTestStack } from '../support/test-stack';

const stack = useTestStack();

const NEWEST = '2026-11-30T12:00:00Z';
const CSV = `id,amount,ts
1,10.5,2026-11-30T08:00:00Z
2,20,2026-11-30T09:00:00Z
3,-1,2026-11-30T10:00:00Z
4,40,2026-11-30T11:00:00Z
5,50,${NEWEST}
`;

const CONTRACT = `dataset: stg_metered
description: test rows
owner: tests
columns:
  - { name: id, type: integer, required: true }
  - { name: amount, type: number, required: true, min: 0 }
  - { name: ts, type: timestamp, required: true }
`;

const pipelines = (marker: string) => `
import { existsSync, writeFileSync } from 'node:fs';
import { definePipeline } from ${SLUICE_API};
const fetchCsv = { kind: 'fetch', id: 'fetch_metered_csv', source: { kind: 'file', path: 'data/metered.csv', format: 'csv' } } as const;
const columns = [{ name: 'id', type: 'bigint' }, { name: 'amount', type: 'numeric' }, { name: 'ts', type: 'timestamptz' }] as const;
export const metered = definePipeline({
  name: 'metered', description: 'five rows, one rejected; the transform fails its first attempt', owner: 'tests',
  schedule: { cron: '0 * * * *' },
  steps: [
    fetchCsv,
    { kind: 'validate', id: 'validate_metered', input: 'fetch_metered_csv', contract: { file: 'contracts/metered.yml' }, maxInvalidRatio: 0.5 },
    {
      kind: 'transform', id: 'pass_metered', inputs: ['validate_metered'],
      retry: { initialInterval: '100ms' },
      rows: (rows) => {
        if (existsSync(${JSON.stringify(marker)})) return rows;
        writeFileSync(${JSON.stringify(marker)}, 'failed once');
        throw Object.assign(new Error('flaky on purpose'), { retryable: true });
      },
    },
    {
      kind: 'load', id: 'load_metered_fct', input: 'pass_metered',
      retry: { initialInterval: '100ms' },
      target: { table: 'metered_fct', mode: 'append', columns: [...columns] },
      checks: [{ kind: 'row_count', min: 1 }, { kind: 'freshness', column: 'ts', warnAfter: '1h', severity: 'warn' }],
    },
  ],
});
export const meteredBroken = definePipeline({
  name: 'metered_broken', description: 'a transform that always fails', owner: 'tests',
  steps: [fetchCsv, { kind: 'transform', id: 'break_metered', inputs: ['fetch_metered_csv'], rows: () => { throw new Error('broken on purpose'); } }],
});
export const meteredGate = definePipeline({
  name: 'metered_gate', description: 'waits for an approval', owner: 'tests',
  steps: [fetchCsv, { kind: 'gate', id: 'approve_metered', needs: ['fetch_metered_csv'] }],
});
export default [metered, meteredBroken, meteredGate];
`;

/** Every query the alert rules and the Grafana dashboard run. */
function deployedQueries(): { where: string; expr: string }[] {
  const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
  const rules = parse(read('deploy/prometheus/alerts.yml')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/sluice.json')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  return [
    ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: rule.alert, expr: rule.expr }))),
    ...dashboard.panels.flatMap((panel) => panel.targets.map((t) => ({ where: panel.title, expr: t.expr }))),
  ];
}

async function waitForScrape(address: string, ready: (scrape: Scrape) => boolean): Promise<Scrape> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const scrape = await scrapeMetrics(address);
    if (ready(scrape)) return scrape;
    if (Date.now() > deadline) throw new Error(`/metrics never got there:\n${scrape.text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('after real runs /metrics holds exactly what the run records say, beside the SDK metrics', async () => {
  const marker = path.join(stack.home, 'metered-failed-once');
  const project = await writeProject({
    'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};\nexport default defineConfig({});\n`,
    'pipelines/index.ts': pipelines(marker),
    'data/metered.csv': CSV,
    'contracts/metered.yml': CONTRACT,
  });

  const taskQueue = uniqueTaskQueue('sluice-metrics');
  const address = `127.0.0.1:${await freePort()}`;
  const worker = startProcess(['bin/sluice.js', '--project', project, 'worker'], {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: taskQueue,
    SLUICE_METRICS_ADDRESS: address,
  });
  const run = async (pipeline: string) =>
    startRun(stack.temporal.client, { pipeline, trigger: 'manual', taskQueue });
  try {
    await worker.waitFor(/worker polling/);
    assert.match(worker.output(), new RegExp(`"url":"http://${address}/metrics"`));

    const first = await run('metered');
    const firstStarted = Date.now();
    await first.result();
    const firstSeconds = (Date.now() - firstStarted) / 1000;
    const attempts = await stack.pool.query<{ step: string; attempts: number }>(
      `SELECT step, attempts FROM sluice.step_runs WHERE workflow_id = $1 ORDER BY step`,
      [first.workflowId],
    );
    assert.ok(
      attempts.rows.some((row) => row.step === 'pass_metered' && row.attempts === 2),
      `the transform failed once and was retried: ${JSON.stringify(attempts.rows)}`,
    );

    const once = await scrapeMetrics(address);
    assert.ok(once.names().has('temporal_workflow_completed'), `the SDK's metrics too:\n${once.text}`);
    const step = (id: string, kind: string) => ({ pipeline: 'metered', step: id, kind });
    const rows = (scrape: Scrape, id: string, kind: string) =>
      ['in', 'out', 'rejected'].map((what) => scrape.value(`sluice_step_rows_${what}_total`, step(id, kind)));
    assert.deepEqual(rows(once, 'validate_metered', 'validate'), [5, 4, 1]);
    assert.deepEqual(rows(once, 'pass_metered', 'transform'), [4, 4, 0], 'the retried transform counts once');
    assert.deepEqual(rows(once, 'load_metered_fct', 'load'), [4, 4, 0]);
    const load = { pipeline: 'metered', step: 'load_metered_fct', target: 'metered_fct' };
    assert.equal(once.value('sluice_load_rows_written_total', load), 4);
    assert.equal(once.value('sluice_quarantine_rows', { pipeline: 'metered', step: 'validate_metered' }), 1);
    const finished = { pipeline: 'metered', status: 'succeeded' };
    assert.equal(once.value('sluice_runs_finished_total', finished), 1);
    const brokenFailed = { pipeline: 'metered_broken', status: 'failed' };
    assert.equal(once.value('sluice_runs_finished_total', brokenFailed), 0, 'a 0 before the first failure');
    assert.equal(once.value('sluice_run_duration_seconds_count', finished), 1);
    assert.equal(once.value('sluice_run_duration_seconds_bucket', { ...finished, le: '+Inf' }), 1);
    const runSeconds = once.value('sluice_run_duration_seconds_sum', finished) ?? NaN;
    assert.ok(runSeconds > 0 && runSeconds <= firstSeconds, `run took ${runSeconds} s of ${firstSeconds} s`);
    assert.equal(once.value('sluice_step_duration_seconds_count', step('pass_metered', 'transform')), 1);
    const check = (name: string, severity: string, status: string) => ({
      pipeline: 'metered',
      step: 'load_metered_fct',
      check: name,
      severity,
      status,
    });
    const checkNames = once.samples
      .filter((s) => s.name === 'sluice_check_results_total' && s.labels.pipeline === 'metered')
      .map((s) => `${s.labels.check}/${s.labels.severity}/${s.labels.status}=${s.value}`);
    assert.equal(checkNames.length, 2, checkNames.join(', '));
    const freshnessName = checkNames.find((n) => n.startsWith('freshness'))?.split('/')[0] ?? '';
    assert.equal(once.value('sluice_check_results_total', check(freshnessName, 'warn', 'warn')), 1);
    const age = once.value('sluice_data_age_seconds', {
      pipeline: 'metered',
      step: 'load_metered_fct',
      check: freshnessName,
    });
    const expectedAge = (Date.now() - Date.parse(NEWEST)) / 1000;
    assert.ok(
      age !== undefined && Math.abs(age - expectedAge) < 60,
      `data age ${age}, expected ~${expectedAge}`,
    );
    const success = once.value('sluice_last_success_timestamp_seconds', { pipeline: 'metered' }) ?? 0;
    assert.ok(Math.abs(success - Date.now() / 1000) < 60, `last success at ${success}`);
    assert.equal(once.value('sluice_pipeline_schedule_interval_seconds', { pipeline: 'metered' }), 3600);
    assert.equal(once.value('sluice_metrics_source_up', { source: 'postgresql' }), 1);
    assert.equal(once.value('sluice_metrics_source_up', { source: 'temporal' }), 1);

    // A second run, whose load fails its first attempt (the target's trigger rolls it back, a transient
    // SQLSTATE), adds exactly one run's worth; the failed and the waiting run show up by status.
    await stack.pool.query(`CREATE SEQUENCE metered_fct_inserts;
      CREATE FUNCTION metered_fct_flaky() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('metered_fct_inserts') = 1 THEN
            RAISE EXCEPTION 'flaky load on purpose' USING ERRCODE = '40001';
          END IF;
          RETURN NULL;
        END $$;
      CREATE TRIGGER metered_fct_flaky AFTER INSERT ON metered_fct FOR EACH STATEMENT EXECUTE FUNCTION metered_fct_flaky();`);
    const second = await run('metered');
    await second.result();
    const loadAttempts = await stack.pool.query<{ attempts: number }>(
      `SELECT attempts FROM sluice.step_runs WHERE workflow_id = $1 AND step = 'load_metered_fct'`,
      [second.workflowId],
    );
    assert.equal(loadAttempts.rows[0]?.attempts, 2, 'the load failed once and was retried');
    await assert.rejects((await run('metered_broken')).result());
    const gate = await run('metered_gate');
    const waitStarted = Date.now();
    const twice = await waitForScrape(
      address,
      (scrape) =>
        scrape.value('sluice_runs_in_progress', { pipeline: 'metered_gate', status: 'waiting' }) === 1,
    );
    assert.deepEqual(rows(twice, 'validate_metered', 'validate'), [10, 8, 2]);
    assert.deepEqual(rows(twice, 'pass_metered', 'transform'), [8, 8, 0]);
    assert.equal(twice.value('sluice_load_rows_written_total', load), 8);
    assert.equal(twice.value('sluice_quarantine_rows', { pipeline: 'metered', step: 'validate_metered' }), 2);
    assert.equal(twice.value('sluice_runs_finished_total', finished), 2);
    assert.equal(
      twice.value('sluice_runs_finished_total', { pipeline: 'metered_broken', status: 'failed' }),
      1,
    );
    assert.equal(twice.value('sluice_check_results_total', check(freshnessName, 'warn', 'warn')), 2);
    const waited = twice.value('sluice_run_longest_waiting_seconds', { pipeline: 'metered_gate' }) ?? NaN;
    assert.ok(waited >= 0 && waited <= (Date.now() - waitStarted) / 1000 + 1, `waited ${waited} s`);
    const oldest = twice.value('sluice_run_oldest_in_progress_seconds', { pipeline: 'metered_gate' }) ?? NaN;
    assert.ok(oldest >= waited, `in progress ${oldest} s, waiting ${waited} s`);
    for (const { where, expr } of deployedQueries())
      for (const name of expr.match(/\bsluice_\w+/g) ?? [])
        assert.ok(twice.names().has(name), `${where} reads ${name}, which /metrics does not serve`);
    await gate.terminate('test over');
  } finally {
    worker.child.kill('SIGTERM');
    await worker.done;
  }
});
