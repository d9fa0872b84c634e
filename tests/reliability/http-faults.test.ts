// An HTTP source that fails, stalls, cuts bodies, repeats and reorders pages, or pages without end, on the real stack.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { statusQuery } from '../../core/run/messages';
import { openPool } from '../../runtime/open-pool';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import type { RunningProcess } from '../support/run-process';
import { assertRunExact, startFreshRun, startWorkerProcess, type RunHandle } from './support/fault-run';
import {
  inPages,
  startOrdersApi,
  walk,
  type Fault,
  type OrdersApi,
  type Scenario,
} from './support/orders-api';
import {
  order,
  rowsAddingCents,
  writeOrdersProject,
  type OrdersProject,
  type OrdersVariant,
} from './support/orders-project';

/** The long form (`npm run soak`) may set more orders. */
const ROWS = Number(process.env.SLUICE_HTTP_ROWS ?? 20_000);
const PAGE_SIZE = 500;
const PAGES = inPages(ROWS, PAGE_SIZE);
/** Room for the repeated pages of one scenario; a walk past it is runaway paging. */
const MAX_PAGES = PAGES.length + 10;
const REQUEST_TIMEOUT_MS = 1000;
const MAX_BACKOFF_MS = 3000;

/** A page position a given fraction of the way through the orders, so faults land inside any row count. */
const at = (fraction: number) => Math.min(PAGES.length - 1, Math.max(1, Math.floor(PAGES.length * fraction)));

/** A page this late outlasts the slow variant's heartbeat timeout twice over, within its request timeout. */
const SLOW = { heartbeat: '3s', requestTimeoutMs: 10_000, answerMs: 6_000 };

let stack: TestStack;
let api: OrdersApi;
let project: OrdersProject;
let worker: RunningProcess | undefined;
const taskQueue = uniqueTaskQueue('http-faults');
/** Gives up on a request after a second. */
let fast: OrdersVariant;
/** A heartbeat timeout shorter than its request timeout, so that a slow page outlasts it. */
let slow: OrdersVariant;
/** Faults the API answered over the file, by kind. */
const injected = new Map<string, number>();

/** The API's orders → contract (repeats allowed) → rows transform → merge on the key. */
function apiVariant(name: string, requestTimeoutMs: number, heartbeat?: string): OrdersVariant {
  const source = {
    kind: 'http',
    url: api.url,
    recordsPath: 'data',
    pagination: { style: 'cursor', cursorParam: 'cursor', nextCursorPath: 'next' },
    requestTimeout: `${requestTimeoutMs}ms`,
    maxBackoff: `${MAX_BACKOFF_MS}ms`,
    maxPages: MAX_PAGES,
  };
  return {
    pipeline: `${name}_orders`,
    target: `fct_${name}_orders`,
    steps: [`fetch_${name}`, `validate_${name}`, `${name}_cents`, `load_${name}`],
    source: JSON.stringify(source),
    transform: rowsAddingCents,
    load: `mode: 'merge'`,
    repeatsOrders: true,
    ...(heartbeat ? { heartbeat } : {}),
  };
}

// One hook: node:test runs a file's top-level hooks concurrently, and the worker needs the stack and the API.
before(async () => {
  stack = await startTestStack();
  api = await startOrdersApi();
  fast = apiVariant('api', REQUEST_TIMEOUT_MS);
  slow = apiVariant('slow_api', SLOW.requestTimeoutMs, SLOW.heartbeat);
  project = await writeOrdersProject(ROWS, [fast, slow]);
  worker = await startWorkerProcess(stack, project, stack.databaseUrl, taskQueue);
});

after(async () => {
  worker?.child.kill('SIGTERM');
  await worker?.done;
  await api?.close();
  if (project) await rm(project.dir, { recursive: true, force: true });
  await stack?.stopAll();
  const total = [...injected.values()].reduce((a, b) => a + b, 0);
  console.log(`faults injected: ${total} (${[...injected].map(([k, n]) => `${k}: ${n}`).join(', ')})`);
});

/** Serves `scenario` and starts the variant on it into an empty target: the run, and its end (result or error). */
async function runOn(
  scenario: Scenario,
  variant = fast,
): Promise<{ handle: RunHandle; ended: Promise<unknown> }> {
  api.serve(scenario);
  const handle = await startFreshRun(stack, stack.databaseUrl, taskQueue, variant);
  return { handle, ended: handle.result().catch((err: unknown) => err) };
}

const tally = (kind: string, n = 1) => injected.set(kind, (injected.get(kind) ?? 0) + n);

/** Checks that every planned fault was answered, and adds them to the file's count. */
function countFaults(planned: Record<number, Fault[]>): void {
  const answered = api.served().flatMap((s) => (s.fault ? [s.fault.kind] : []));
  const expected = Object.values(planned).flat().length;
  assert.equal(answered.length, expected, `the API answered each planned fault (${answered.join(', ')})`);
  for (const kind of answered) tally(kind);
}

/** Serves the orders in order with `faults`, and proves the run exact and its fetch step's attempts. */
async function exactDespite(faults: Record<number, Fault[]>, fetchAttempts = 1, variant = fast) {
  const { handle } = await runOn({ page: walk(PAGES), faults }, variant);
  if (!worker) throw new Error('no worker');
  const summary = await assertRunExact(handle, worker, project, stack.databaseUrl, variant);
  const fetch = summary.steps.find((s) => s.id === variant.steps[0]);
  assert.equal(fetch?.rowsOut, ROWS, 'the fetch staged every order once');
  assert.equal(fetch?.attempts, fetchAttempts, 'the fetch step ran as often as expected');
  countFaults(faults);
  return summary;
}

/** Requests of `position` after the first, each with the time since the one before it. */
function retriesOf(position: number): { gapMs: number; after: Fault | undefined }[] {
  const requests = api.served().filter((s) => s.position === position);
  return requests.slice(1).map((s, i) => ({ gapMs: s.at - requests[i]!.at, after: requests[i]!.fault }));
}

test('500s at chosen pages are retried in place and the run ends exact', async () => {
  await exactDespite({ [at(0.1)]: [{ kind: '500' }], [at(0.4)]: [{ kind: '500' }, { kind: '500' }] });
  assert.equal(retriesOf(at(0.4)).length, 2, 'the page answered 500 twice was asked for three times');
});

test('429 with Retry-After: the wait is honoured, in place or (past maxBackoff) by the step retry', async () => {
  const inPlace = at(0.2);
  const beyond = at(0.7);
  const longWait = Math.ceil(MAX_BACKOFF_MS / 1000) + 2;
  await exactDespite(
    {
      [inPlace]: [
        { kind: '429', retryAfterSeconds: 1 },
        { kind: '429', retryAfterSeconds: 2 },
      ],
      [beyond]: [{ kind: '429', retryAfterSeconds: longWait }],
    },
    2,
  );
  const waits = [inPlace, beyond].flatMap((position) =>
    retriesOf(position).flatMap(({ gapMs, after: fault }) =>
      fault?.kind === '429' ? [{ position, gapMs, askedMs: fault.retryAfterSeconds * 1000 }] : [],
    ),
  );
  assert.equal(waits.length, 3, 'each 429 was followed by another request for its page');
  for (const { position, gapMs, askedMs } of waits)
    assert.ok(
      gapMs >= askedMs,
      `page ${position} was asked for again after ${gapMs} ms, Retry-After ${askedMs} ms`,
    );
  const asked = api.served().map((s) => s.position);
  assert.deepEqual(
    asked.filter((p) => p < beyond),
    PAGES.slice(0, beyond).flatMap((_, p) => (p === inPlace ? [p, p, p] : [p])),
    'the retried step resumed at the page it stopped on, after the last committed one',
  );
});

test('a page that stalls (before its answer or mid-body) past source.requestTimeout is asked for again', async () => {
  const stall: Fault = { kind: 'stall' };
  await exactDespite({ [at(0.15)]: [stall], [at(0.6)]: [stall, { kind: 'stall-body' }] });
  const waits = api.served().flatMap((s) => (s.fault?.kind.startsWith('stall') ? [s.waitedMs] : []));
  assert.equal(waits.length, 3);
  for (const waited of waits) {
    assert.ok(waited !== undefined, 'the client closed the stalled request');
    assert.ok(waited >= REQUEST_TIMEOUT_MS - 50 && waited < REQUEST_TIMEOUT_MS + 5000, `waited ${waited} ms`);
  }
});

test('a page slower than the heartbeat timeout (within requestTimeout) keeps one attempt: no page asked twice', async () => {
  await exactDespite({ [at(0.3)]: [{ kind: 'slow', ms: SLOW.answerMs }] }, 1, slow);
  assert.deepEqual(
    api.served().map((s) => s.position),
    PAGES.map((_, p) => p),
    'each page asked for once: no second attempt read beside the first',
  );
});

test('truncated bodies (short of Content-Length, cut mid-chunk or mid-stream) are read again, never half-loaded', async () => {
  await exactDespite({
    [at(0.25)]: [{ kind: 'short-body' }],
    [at(0.5)]: [{ kind: 'cut-connection' }],
    [at(0.8)]: [{ kind: 'short-body' }, { kind: 'cut-connection' }],
    [at(0.9)]: [{ kind: 'cut-unframed' }],
  });
});

test('duplicate and out-of-order pages: the merge keeps each order once, the target is exact', async () => {
  const pages = PAGES.map((p) => [...p]);
  const [a, b] = [at(0.3), at(0.6)];
  [pages[a], pages[b]] = [pages[b]!, pages[a]!]; // out of order: a later page comes early
  pages.splice(at(0.45), 0, pages[1]!); // an earlier page again, later on
  const overlap = at(0.75);
  pages[overlap] = [...pages[overlap - 1]!.slice(-100), ...pages[overlap]!]; // a page overlapping the one before
  const sent = pages.flat();
  const faults: Record<number, Fault[]> = { [at(0.5)]: [{ kind: '500' }] };
  const { handle } = await runOn({ page: walk(pages), faults });
  if (!worker) throw new Error('no worker');
  const summary = await assertRunExact(
    handle,
    worker,
    project,
    stack.databaseUrl,
    fast,
    sent.filter((n) => order(n).amount < 0).length,
  );
  assert.equal(summary.steps.find((s) => s.id === fast.steps[0])?.rowsOut, sent.length, 'every copy arrived');
  assert.ok(sent.length > ROWS, 'the API sent orders more than once');
  countFaults(faults);
  tally('duplicate page', 2);
  tally('out-of-order page', 2);
});

/** The run fails terminally at the fetch, its error matching `reason`, and loads nothing. */
async function failsWithoutLoading(scenario: Scenario, reason: RegExp) {
  const { handle, ended } = await runOn(scenario);
  const err = await ended;
  assert.ok(err instanceof WorkflowFailedError, `the run failed (${String(err)})`);
  const message = err.cause?.message ?? '';
  assert.match(message, reason);
  assert.match(message, new RegExp(fast.steps[0]), 'the error names the step');
  assert.match(message, /start a new run/, 'and says what to do');
  const { steps } = await handle.query(statusQuery);
  assert.deepEqual(
    steps.map((s) => [s.id, s.status]),
    fast.steps.map((id, i) => [id, i === 0 ? 'failed' : 'skipped']),
  );
  assert.equal(steps[0]?.attempts, 1, 'terminal: the step is not retried');
  const pool = await openPool(stack.databaseUrl, 1);
  try {
    const target = await pool.query('SELECT to_regclass($1) AS t', [fast.target]);
    assert.equal(target.rows[0].t, null, 'nothing was loaded');
    const ledger = await pool.query('SELECT count(*)::int AS n FROM sluice.loads WHERE workflow_id = $1', [
      handle.workflowId,
    ]);
    assert.equal(ledger.rows[0].n, 0, 'no ledger row');
  } finally {
    await pool.end();
  }
}

test('an endless cursor (the same one forever) fails the run terminally, nothing loaded', async () => {
  const stuck = at(0.2);
  await failsWithoutLoading(
    { page: (p) => ({ orders: PAGES[p]!, next: Math.min(p + 1, stuck) }) },
    /points back to a page already read/,
  );
  tally('endless cursor');
});

test('fresh cursors to the same page forever (no progress) fail the run terminally, nothing loaded', async () => {
  const stuck = at(0.2);
  await failsWithoutLoading(
    { page: (p) => ({ orders: PAGES[Math.min(p, stuck)]!, next: p + 1 }) },
    /repeats the page before it exactly; its cursor makes no progress/,
  );
  tally('no-progress cursor');
});

test('pages of new orders without end stop at source.maxPages, the run fails terminally', async () => {
  await failsWithoutLoading(
    {
      page: (p) => ({
        orders: Array.from({ length: PAGE_SIZE }, (_, i) => p * PAGE_SIZE + i + 1),
        next: p + 1,
      }),
    },
    new RegExp(`more than source\\.maxPages \\(${MAX_PAGES}\\) pages`),
  );
  assert.equal(api.served().length, MAX_PAGES, 'the fetch stopped before asking for one page more');
  tally('endless pages');
});
