// follow(): reads progress at once and at each interval until the result settles, skips failed reads, then stops.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { follow } from '../../client/follow';

/** A result settled by hand, and a counter of reads that answer with their own number. */
function fixture() {
  let settle!: (value: string) => void;
  let fail!: (err: Error) => void;
  const result = new Promise<string>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  let reads = 0;
  const read = async () => ++reads;
  return { result, settle, fail, read, reads: () => reads };
}

test('reads at once and every interval while the result is pending, and never after it settles', async () => {
  const { result, settle, read, reads } = fixture();
  const seen: number[] = [];
  const following = follow(result, read, { onProgress: (n) => seen.push(n), intervalMs: 10 });
  await sleep(120);
  settle('done');
  assert.equal(await following, 'done');
  const readsAtEnd = reads();
  assert.ok(readsAtEnd >= 3, `read ${readsAtEnd} times in 120 ms at a 10 ms interval`);
  assert.deepEqual(
    seen,
    Array.from({ length: seen.length }, (_, i) => i + 1),
    'each reading handed on, in order',
  );
  await sleep(50);
  assert.equal(reads(), readsAtEnd, 'no reads once the result settled');
});

test('rejects as the result does; a result that settled already hands nothing on', async () => {
  const seen: unknown[] = [];
  const failed = Promise.reject(new Error('run failed'));
  await assert.rejects(
    follow(failed, async () => 'state', { onProgress: (s) => seen.push(s), intervalMs: 10 }),
    /run failed/,
  );
  assert.deepEqual(seen, []);
});

test('a failing read is skipped and reading goes on', async () => {
  const { result, settle } = fixture();
  let calls = 0;
  const seen: number[] = [];
  const read = async () => {
    calls += 1;
    if (calls <= 2) throw new Error('no worker answers queries yet');
    return calls;
  };
  const following = follow(result, read, { onProgress: (n) => seen.push(n), intervalMs: 5 });
  while (seen.length < 2) await sleep(5);
  settle('done');
  await following;
  assert.deepEqual(seen.slice(0, 2), [3, 4]);
});

test('without onProgress nothing is read; the end is awaited', async () => {
  const { result, settle, read, reads } = fixture();
  const following = follow(result, read);
  await sleep(20);
  settle('done');
  assert.equal(await following, 'done');
  assert.equal(reads(), 0);
});

test('ends when the result settles, without waiting out the interval', async () => {
  const { result, settle, read } = fixture();
  const following = follow(result, read, { onProgress: () => undefined, intervalMs: 600_000 });
  await sleep(20);
  settle('done');
  const first = await Promise.race([following, sleep(5_000).then(() => 'still waiting')]);
  assert.equal(first, 'done');
});
