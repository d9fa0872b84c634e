// A data team's first day, from the tarball: `npm install ./sluice.tgz`, `npx sluice init`, a pipeline of its own
// (HTTP API → zod contract → transform → merge), its tests, `sluice dev --once`, then a worker of its own on a stack.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../devstack/port-check';
import { INSTALL_FLAGS, packAndInstall, type PackedSluice } from '../support/packed-sluice';
import { startCommand } from '../support/run-process';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';

/** The API's orders, three pages of two; order 3 appears again on the last page, changed, so merge keeps that one. */
const PAGES = [
  [
    { id: 1, customer: 'ada', amount_cents: 1250, placed_at: '2026-12-01T09:00:00Z' },
    { id: 2, customer: 'bo', amount_cents: 990, placed_at: '2026-12-01T10:30:00Z' },
  ],
  [
    { id: 3, customer: 'cy', amount_cents: 4100, placed_at: '2026-12-02T08:15:00Z' },
    { id: 4, customer: 'dee', amount_cents: -5, placed_at: '2026-12-02T11:00:00Z' },
  ],
  [
    { id: 5, customer: 'eve', amount_cents: 300, placed_at: '2026-12-03T12:00:00Z' },
    { id: 3, customer: 'cy', amount_cents: 4200, placed_at: '2026-12-02T08:15:00Z' },
  ],
];
/** What fct_api_orders must hold: order 4 breaks the contract (a negative amount), order 3 is its last version. */
const EXPECTED = [
  { order_id: 1, customer: 'ADA', amount: '12.50' },
  { order_id: 2, customer: 'BO', amount: '9.90' },
  { order_id: 3, customer: 'CY', amount: '42.00' },
  { order_id: 5, customer: 'EVE', amount: '3.00' },
];

/** The pipeline a user writes: the API's URL from the environment, its records checked by a zod schema. */
const ORDERS_PIPELINE = `// Orders from the shop's API: checked by a zod contract, amounts in units, merged on order_id.
import { z } from 'zod';
import { definePipeline } from 'sluice';

const order = z.object({
  id: z.number().int().positive(),
  customer: z.string().min(1),
  amount_cents: z.number().int().nonnegative(),
  placed_at: z.iso.datetime(),
});

export const apiOrders = definePipeline({
  name: 'api_orders',
  description: 'Orders from the shop API, merged into fct_api_orders.',
  owner: 'data-team',
  schedule: { cron: '0 * * * *', timezone: 'UTC' },
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_orders_api',
      source: {
        kind: 'http',
        url: process.env.ORDERS_API_URL ?? 'http://localhost:8080/orders',
        recordsPath: 'data',
        pagination: { style: 'page', totalPagesPath: 'total_pages' },
      },
    },
    {
      kind: 'validate',
      id: 'validate_orders',
      input: 'fetch_orders_api',
      contract: { schema: order },
      // The API is known to send the odd bad order; up to a fifth go to quarantine before the run fails.
      maxInvalidRatio: 0.2,
    },
    {
      kind: 'transform',
      id: 'to_units',
      inputs: ['validate_orders'],
      rows: (rows) =>
        rows.map((row) => ({
          order_id: row.id,
          customer: String(row.customer).toUpperCase(),
          amount: (Number(row.amount_cents) / 100).toFixed(2),
          placed_at: row.placed_at,
        })),
    },
    {
      kind: 'load',
      id: 'load_api_orders',
      input: 'to_units',
      target: {
        table: 'fct_api_orders',
        mode: 'merge',
        key: ['order_id'],
        columns: [
          { name: 'order_id', type: 'bigint' },
          { name: 'customer', type: 'text' },
          { name: 'amount', type: 'numeric(12,2)' },
          { name: 'placed_at', type: 'timestamptz' },
        ],
      },
    },
  ],
});
`;

/** The user's test of it, beside the scaffold's, with sluice/testing. */
const ORDERS_TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useSluiceTest } from 'sluice/testing';

const sluice = useSluiceTest();

test('api_orders merges the valid orders, the last version of each', async () => {
  const summary = await sluice.run('api_orders');
  assert.equal(summary.status, 'succeeded');
  const rows = await sluice.query('SELECT order_id::int, customer, amount::text FROM fct_api_orders ORDER BY order_id');
  assert.deepEqual(rows, ${JSON.stringify(EXPECTED)});
});
`;

let sluice: PackedSluice;
let api: http.Server;
let apiUrl: string;
let requests = 0;

/** `?page=N` of PAGES, as `{ data, total_pages }`. */
function serveOrders(req: http.IncomingMessage, res: http.ServerResponse): void {
  requests += 1;
  const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ data: PAGES[page - 1] ?? [], total_pages: PAGES.length }));
}

/** Runs a command in the project with the API's URL set; npm's and the CLI's children die with it on a timeout. */
const inProject = (command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000) =>
  startCommand(
    command,
    args,
    { ORDERS_API_URL: apiUrl, NODE_TEST_CONTEXT: undefined, ...env },
    {
      cwd: sluice.project,
      timeoutMs,
      group: true,
    },
  );

const output = (result: { stdout: string; stderr: string }) => `${result.stdout}\n${result.stderr}`;

before(async () => {
  api = http.createServer(serveOrders);
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/orders`;
  sluice = await packAndInstall();
});
after(async () => {
  api.close();
  await sluice?.remove();
});

test('npx sluice init turns the folder the tarball was installed in into a project, keeping the dependency', async () => {
  const init = await inProject('npx', ['sluice', 'init']).done;
  assert.equal(init.code, 0, output(init));
  assert.match(init.stdout, /^Created a Sluice project in /);
  const manifest = JSON.parse(await readFile(path.join(sluice.project, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  assert.match(manifest.dependencies.sluice ?? '', /sluice-\d+\.\d+\.\d+\.tgz$/, 'still the tarball');
  const installed = await inProject('npm', ['install', ...INSTALL_FLAGS]).done;
  assert.equal(installed.code, 0, output(installed));

  await writeFile(path.join(sluice.project, 'pipelines', 'api-orders.ts'), ORDERS_PIPELINE);
  await writeFile(
    path.join(sluice.project, 'pipelines', 'index.ts'),
    "import { apiOrders } from './api-orders';\nimport { customersCsv } from './customers-csv';\n\nexport default [customersCsv, apiOrders];\n",
  );
  await writeFile(path.join(sluice.project, 'tests', 'api-orders.test.ts'), ORDERS_TEST);
  const tsc = await inProject('npx', ['tsc', '-p', 'tsconfig.json']).done;
  assert.equal(tsc.code, 0, output(tsc));
});

test("the project's own npm test passes: the scaffold's tests and the user's, each on a throwaway stack", async () => {
  const npmTest = await inProject('npm', ['test']).done;
  assert.equal(npmTest.code, 0, output(npmTest));
  assert.match(npmTest.stdout, /# pass 3\n/);
  assert.match(npmTest.stdout, /# fail 0\n/);
});

test('npx sluice dev --once starts the embedded stack and runs the configured pipeline', async () => {
  const temporal = await freePort();
  const ui = await freePort([temporal]);
  const dev = await inProject('npx', ['sluice', 'dev', '--once'], {
    DATABASE_URL: undefined,
    SLUICE_TEMPORAL_PORT: String(temporal),
    SLUICE_UI_PORT: String(ui),
    SLUICE_PG_PORT: String(await freePort([temporal, ui])),
  }).done;
  assert.equal(dev.code, 0, output(dev));
  assert.match(dev.stdout, /Started sluice\/customers_csv\/manual-/);
  assert.match(dev.stdout, /load_customers_dim\s+in 5\s+out 5/);
});

test('pipelines show and schedule sync --dry-run read the project', async () => {
  const shown = await inProject('npx', ['sluice', 'pipelines', 'show', 'api_orders']).done;
  assert.equal(shown.code, 0, output(shown));
  assert.match(shown.stdout, /^api_orders: Orders from the shop API/m);
  for (const step of ['fetch_orders_api', 'validate_orders', 'to_units', 'load_api_orders'])
    assert.ok(shown.stdout.includes(step), `${step} in:\n${shown.stdout}`);

  const temporal = await startTestStack();
  try {
    const dry = await inProject('npx', ['sluice', 'schedule', 'sync', '--dry-run', '--json'], {
      TEMPORAL_ADDRESS: temporal.temporalAddress,
    }).done;
    assert.equal(dry.code, 0, output(dry));
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; created: { pipeline: string }[] };
    assert.equal(plan.dryRun, true);
    assert.deepEqual(
      plan.created.map((schedule) => schedule.pipeline),
      ['api_orders'],
    );
    const listed = await inProject('npx', ['sluice', 'schedule', 'list', '--json'], {
      TEMPORAL_ADDRESS: temporal.temporalAddress,
    }).done;
    assert.equal(listed.code, 0, output(listed));
    assert.doesNotMatch(listed.stdout, /api_orders/, 'a dry run creates no schedule');
  } finally {
    await temporal.stopAll();
  }
});

test('npx sluice worker in the project serves npx sluice run --wait on a running stack', async () => {
  const stack: TestStack = await startTestStack();
  const env = {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: uniqueTaskQueue('user-project'),
  };
  const worker = inProject('npx', ['sluice', 'worker'], env);
  try {
    await worker.waitFor(/worker polling/, 120_000);
    requests = 0;
    const run = await inProject('npx', ['sluice', 'run', 'api_orders', '--wait'], env).done;
    assert.equal(run.code, 0, output(run));
    assert.match(run.stdout, /^api_orders: succeeded$/m);
    assert.equal(requests, PAGES.length, 'each page fetched once');
    const { rows } = await stack.pool.query(
      'SELECT order_id::int, customer, amount::text FROM fct_api_orders ORDER BY order_id',
    );
    assert.deepEqual(rows, EXPECTED);
    const quarantined = await stack.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sluice.quarantine WHERE pipeline = 'api_orders'",
    );
    assert.equal(quarantined.rows[0]?.n, 1, 'order 4 is quarantined, once');
  } finally {
    // (A worker that already exited has no group left to signal.)
    if (worker.child.exitCode === null && worker.child.pid !== undefined)
      process.kill(-worker.child.pid, 'SIGTERM');
    const stopped = await worker.done;
    await stack.stopAll();
    // npx itself dies of the signal (as on Ctrl-C); the worker within drains and says so.
    assert.match(
      stopped.stdout,
      /"msg":"worker stopped"/,
      `the worker stops cleanly on SIGTERM:\n${output(stopped)}`,
    );
    assert.doesNotMatch(stopped.stdout, /"level":(50|60)/, 'no error on the way out');
  }
});
