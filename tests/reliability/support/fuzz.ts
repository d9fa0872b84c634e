// What every fuzz file shares: the fixed seed, a per-case time limit, the unhandled-rejection guard, and the outcome rule.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import fc from 'fast-check';

/** One seed for every file, so a failure reproduces; SLUICE_FUZZ_SEED overrides it. */
export const SEED = Number(process.env.SLUICE_FUZZ_SEED ?? 20_261_206);

/** A case that takes longer than this is a hang. */
export const CASE_TIME_LIMIT_MS = 5_000;

/**
 * For cases that write PostgreSQL and wait on HTTP timeouts (about a second at most on an idle machine): the
 * 2-core machine shared with other work once took a case past 10 s, so the limit leaves room; a hang never ends.
 */
export const HEAVY_CASE_TIME_LIMIT_MS = 30_000;

/**
 * For a fuzz file: prints the seed, and fails the file when any promise is rejected with nobody listening
 * (node:test alone would only report it, after the test that caused it has passed).
 */
export function guardFuzzFile(file: string): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  before(() => {
    process.stdout.write(`# ${file}: fast-check seed ${SEED} (set SLUICE_FUZZ_SEED to change it)\n`);
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no promise was rejected without a handler');
  });
}

/** Runs an async property `numRuns` times from the fixed seed; each case must settle within the time limit. */
export async function fuzz<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
  numRuns: number,
  timeLimitMs = CASE_TIME_LIMIT_MS,
): Promise<void> {
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      cases += 1;
      await check(value);
    }),
    { seed: SEED, numRuns, endOnFailure: true, plugins: [fc.timeout(timeLimitMs)] },
  );
  assert.ok(cases >= numRuns, `ran ${cases} of ${numRuns} cases`);
}

/** The error types that count as a clear ending, each with what its message must name. */
export type Expected = Array<{ type: abstract new (...args: never[]) => Error; names: string | RegExp }>;

/**
 * Awaits `work`; it may succeed, or fail with one of `expected` whose message names what it must.
 * Anything else (a TypeError, a RangeError, a plain Error from deep inside) fails the case, showing it.
 */
export async function endsClearly<T>(work: () => Promise<T> | T, expected: Expected): Promise<T | Error> {
  try {
    return await work();
  } catch (err) {
    const match = expected.find((e) => err instanceof e.type);
    if (!match) {
      const shown = err instanceof Error ? (err.stack ?? err.message) : String(err);
      assert.fail(`an error of no expected type: ${shown}`);
    }
    const message = (err as Error).message;
    if (typeof match.names === 'string')
      assert.ok(message.includes(match.names), `names ${match.names}: ${message}`);
    else assert.match(message, match.names);
    return err as Error;
  }
}

/** Values that break careless code: odd numbers, odd strings, odd objects, each as a constant. */
export const awkwardValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    '\u0000',
    '\ud800',
    '__proto__',
    'constructor',
    'toString',
    'a'.repeat(300),
    0,
    -1,
    0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -Number.MAX_VALUE,
    2 ** 53 + 2,
    10n ** 30n,
    true,
    [],
    {},
    [[]],
    Symbol('fuzz'),
    Object.create(null) as object,
    () => undefined,
    new Date(Number.NaN),
  ),
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
    withBoxedValues: true,
  }),
);
