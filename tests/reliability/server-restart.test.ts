// The Temporal dev server (state in SQLite) restarted while each step runs: worker and client ride it out, the
// run ends exact (target checksum, one ledger row, quarantine once).
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { connectionConfigSchema } from '../../runtime/connection-config';
import { parseEnv } from '../../runtime/parse-env';
import { startTestStack, type TestStack } from '../../testing/test-stack';
import { uniqueTaskQueue } from '../support/test-stack';
import type { RunningProcess } from '../support/run-process';
import { assertRunExact, startFreshRun, startWorkerProcess, whenStepRuns } from './support/fault-run';
import { NDJSON_MERGE, writeOrdersProject, type OrdersProject } from './support/orders-project';
import { startRestartableTemporal, type RestartableTemporal } from './support/restartable-temporal';

const ROWS = Number(process.env.SLUICE_RELIABILITY_ROWS ?? 100_000);
/** How long the server stays down. */
const DOWN_MS = 2_000;

let temporal: RestartableTemporal;
let stack: TestStack;
let project: OrdersProject;
let worker: RunningProcess | undefined;
const taskQueue = uniqueTaskQueue('server-restart');

// One hook: node:test runs a file's top-level hooks concurrently, and the stack needs the server.
before(async () => {
  temporal = await startRestartableTemporal();
  stack = await startTestStack({
    temporal: parseEnv(connectionConfigSchema, { TEMPORAL_ADDRESS: temporal.address }),
  });
  project = await writeOrdersProject(ROWS);
  worker = await startWorkerProcess(stack, project, stack.databaseUrl, taskQueue);
});

after(async () => {
  worker?.child.kill('SIGTERM');
  await worker?.done;
  if (project) await rm(project.dir, { recursive: true, force: true });
  await stack?.stopAll();
  await temporal?.stop();
});

for (const step of NDJSON_MERGE.steps) {
  test(`the Temporal server restarts during ${step}: the worker stays up, the run ends exact`, async () => {
    const handle = await startFreshRun(stack, stack.databaseUrl, taskQueue);
    await whenStepRuns(handle, step);
    await sleep(300);
    await temporal.restart(DOWN_MS);
    if (!worker) throw new Error('no worker');
    await assertRunExact(handle, worker, project, stack.databaseUrl);
  });
}
