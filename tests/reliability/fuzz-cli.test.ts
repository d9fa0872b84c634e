// Fuzzes the `sluice` command line on a real dev server: in-process through its commander program, then as processes.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CommanderError } from 'commander';
import fc from 'fast-check';
import { EXIT, exitCodeFor } from '../../cli/exit-codes';
import { sluiceProgram } from '../../cli/program';
import { EXAMPLE_DIR } from '../support/example-project';
import { runProcess } from '../support/run-process';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import { endsClearly, fuzz, guardFuzzFile, SEED } from './support/fuzz';

guardFuzzFile('fuzz-cli');

let stack: TestStack;
let cwd: string;
let env: NodeJS.ProcessEnv;
const home = process.cwd();

before(async () => {
  stack = await startTestStack();
  cwd = await mkdtemp(path.join(os.tmpdir(), 'sluice-fuzz-cli-'));
  // No worker serves this queue: runs that start stay pending, which is all a command needs to answer.
  env = {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    SLUICE_TASK_QUEUE: uniqueTaskQueue('fuzz-cli'),
    SLUICE_PROJECT: EXAMPLE_DIR,
  };
  Object.assign(process.env, env);
  process.chdir(cwd); // `init` writes where it is asked, relative to here
});
after(async () => {
  process.chdir(home);
  await rm(cwd, { recursive: true, force: true });
  await stack?.stopAll();
});

/**
 * The commands and their flags. Left out: those that run until stopped (dev, worker, codec-server) and those
 * that follow a run to its end (watch, --wait, --attach), since no worker ever ends these runs.
 */
const COMMANDS: Record<string, string[]> = {
  run: ['--partition', '--param', '--json'],
  status: ['--json'],
  describe: ['--json'],
  list: ['--pipeline', '--status', '--partition', '--since', '--limit', '--json'],
  pause: ['--json'],
  resume: ['--json'],
  cancel: ['--json'],
  retry: ['--step', '--json'],
  skip: ['--step', '--json'],
  abort: ['--step', '--json'],
  approve: ['--step', '--json'],
  backfill: ['--from', '--to', '--max-parallel', '--force', '--json'],
  'schedule create': ['--json'],
  'schedule update': ['--json'],
  'schedule trigger': ['--json'],
  'schedule delete': ['--json'],
  'schedule pause': ['--note', '--json'],
  'schedule unpause': ['--note', '--json'],
  'schedule describe': ['--json'],
  'schedule list': ['--json'],
  'schedule sync': ['--dry-run', '--json'],
  'pipelines list': ['--json'],
  'pipelines show': ['--json'],
  init: ['--force', '--sluice', '--json'],
};

/** What a person or a script might type for a value, and what a hostile one would. */
const value = fc.oneof(
  fc.constantFrom(
    'orders_csv',
    'daily_orders',
    'monthly_spend',
    'leave_requests',
    'orders_reviewed',
    'no_such_pipeline',
  ),
  fc.constantFrom(
    '2026-10-01',
    '2026-10-03',
    '2026-13-01',
    '2026-10-01T00',
    '0',
    '-1',
    '1e3',
    '4',
    '65',
    'NaN',
    '',
  ),
  fc.constantFrom(
    'sluice/orders_csv/2026-10-01',
    'sluice/daily_orders/manual-1',
    'key=value',
    '=x',
    'k=',
    '1k=v',
    'a=b=c',
  ),
  fc.constantFrom(
    'running',
    'failed',
    'RUNNING',
    'validate_orders',
    'fetch_orders',
    '__proto__',
    'constructor',
  ),
  fc.constantFrom(
    '\u001b[31mred\u001b[0m',
    '\u0000',
    'é',
    '../../etc',
    '/',
    '--',
    '-',
    ' ',
    'x'.repeat(2_000),
  ),
  fc.string({ maxLength: 10 }),
);

/** Tokens that are not the command's own: unknown and global flags, a `--` separator, `--flag=value` forms. */
const stray = fc.oneof(
  fc.constantFrom('--help', '-h', '--version', '--bogus', '-x', '--', '--json', '--project', '--wait'),
  fc
    .tuple(fc.constantFrom('--param', '--limit', '--since', '--partition', '--max-parallel'), value)
    .map(([flag, v]) => `${flag}=${v}`),
  value,
);

const argv = fc
  .tuple(
    fc.constantFrom(...Object.keys(COMMANDS), ''),
    fc.array(
      fc.oneof(
        { weight: 3, arbitrary: value },
        { weight: 4, arbitrary: fc.nat() },
        { weight: 1, arbitrary: stray },
      ),
      { maxLength: 7 },
    ),
  )
  .map(([command, picks]) => {
    const flags = COMMANDS[command] ?? [];
    // A number picks one of the command's flags; the value after it comes next, as a person types it.
    const words = picks.flatMap((pick) =>
      typeof pick === 'number' && flags.length > 0
        ? [flags[pick % flags.length]!]
        : typeof pick === 'number'
          ? []
          : [pick],
    );
    return [...command.split(' ').filter(Boolean), ...words];
  })
  // Following a run would wait for ever on a queue no worker serves; and no argv can hold a NUL (the system
  // call ends each argument there), so neither is a command line anyone can type.
  .filter(
    (args) =>
      !args.includes('--wait') &&
      !args.includes('--attach') &&
      !args.some((a) => a.includes('\u0000')) &&
      !writesOutsideTheTempFolder(args),
  );

/** `init` writes where it is told (`--force` over what is there): every folder it may be given stays in ours. */
function writesOutsideTheTempFolder(args: string[]): boolean {
  if (args[0] !== 'init') return false;
  return args.slice(1).some((word) => {
    const inside = path.relative(cwd, path.resolve(cwd, word));
    return inside.startsWith('..') || path.isAbsolute(inside);
  });
}

/** The error types a command may end in before or after it reaches the server; anything else is a crash. */
const EXIT_CODES_OF_CLEAR_ERRORS = new Set<number>([EXIT.usage]);

let output = '';
/**
 * Runs one command line in this process, the text it prints kept out of the test's own output. Only text is
 * kept: node:test's reports to the parent process pass as bytes, and go on through.
 */
async function runInProcess(args: string[]): Promise<void> {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (typeof chunk !== 'string') return writes[i]!.call(stream, chunk, ...rest);
      output += chunk;
      return true;
    }) as typeof stream.write;
  });
  try {
    const program = sluiceProgram().configureOutput({
      writeOut: (s) => void (output += s),
      writeErr: (s) => void (output += s),
    });
    await program.parseAsync(['node', 'sluice', ...args]);
  } finally {
    streams.forEach((stream, i) => (stream.write = writes[i]!));
    output = output.slice(-10_000);
  }
}

test('command lines of the CLI, parsed and run in-process: success, or an error that exits 2 and says why (1,500 cases)', async () => {
  let usage = 0;
  let succeeded = 0;
  await fuzz(
    argv,
    async (args) => {
      const outcome = await endsClearly(() => runInProcess(args), [{ type: Error, names: /\S/ }]);
      if (!(outcome instanceof Error)) {
        succeeded += 1;
        return;
      }
      if (outcome instanceof CommanderError && outcome.exitCode === 0) return; // --help, --version
      const code = exitCodeFor(outcome);
      assert.ok(
        EXIT_CODES_OF_CLEAR_ERRORS.has(code),
        `sluice ${JSON.stringify(args)} ended in ${outcome.name} (exit ${code}): ${outcome.stack}`,
      );
      usage += 1;
    },
    1_500,
    20_000,
  );
  process.stdout.write(`# in-process outcomes: ${JSON.stringify({ succeeded, usage })}\n`);
  assert.ok(
    usage > 100 && succeeded > 20,
    `both outcomes are reached: ${succeeded} succeeded, ${usage} refused`,
  );
});

test('found by fuzzing: an empty run id is an unknown run (exit 2), not a gRPC INVALID_ARGUMENT (exit 1)', async () => {
  for (const command of ['status', 'describe', 'pause', 'resume', 'cancel']) {
    await assert.rejects(runInProcess([command, '']), (err: Error) => {
      assert.equal(err.name, 'UnknownRunError');
      assert.equal(err.message, 'no run ""; list runs with `sluice list`');
      assert.equal(exitCodeFor(err), EXIT.usage);
      return true;
    });
  }
});

test('command lines as real `sluice` processes: exit 0 or 2, with an error line that is not a stack (100 cases)', async () => {
  const lines = fc.sample(argv, { seed: SEED, numRuns: 100 });
  const results: string[] = [];
  let next = 0;
  // Two at a time: process start-up is most of each case, and the machine has two cores.
  await Promise.all(
    [0, 1].map(async () => {
      while (next < lines.length) {
        const args = lines[next++]!;
        const result = await runProcess([path.join(home, 'bin/sluice.js'), ...args], env, {
          cwd,
          nodeArgs: [],
          timeoutMs: 60_000,
        });
        const shown = `sluice ${JSON.stringify(args)} exited ${result.code}: ${result.stderr.slice(0, 500)}`;
        assert.ok(result.code === 0 || result.code === 2, shown);
        assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+\)?\n|TypeError|RangeError|Unhandled/, shown);
        // A usage error says what is wrong; no command at all shows the usage.
        if (result.code === 2) assert.match(result.stderr, /^(sluice: |error: |Usage: sluice)/m, shown);
        results.push(shown);
      }
    }),
  );
  assert.equal(results.length, lines.length);
});
