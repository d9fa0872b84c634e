// The CLI's tables and live view: boxes and colours on a terminal only, NO_COLOR honoured, plain lines when piped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { follow, type FollowOptions } from '../../client/follow';
import type { RunState } from '../../core/run/run-state';
import { followLive } from '../../cli/follow-live';
import { stepTable } from '../../cli/tables';
import { terminalLook } from '../../cli/terminal-look';

const ESC = '\x1b[';
const BOX = /[\u2500-\u257f]/;

const state: RunState = {
  pipeline: 'orders_csv',
  status: 'running',
  paused: false,
  steps: [
    { id: 'fetch_orders_csv', kind: 'fetch', status: 'succeeded', attempts: 1, rowsIn: 120, rowsOut: 120 },
    { id: 'load_orders_fct', kind: 'load', status: 'running', attempts: 2, lastError: 'connection reset' },
  ],
};

test('terminalLook: live and coloured on a terminal, colourless with NO_COLOR, plain off a terminal', () => {
  assert.deepEqual(terminalLook({ isTTY: true }, {}), { live: true, colour: true });
  assert.deepEqual(terminalLook({ isTTY: true }, { NO_COLOR: '1' }), { live: true, colour: false });
  assert.deepEqual(terminalLook({ isTTY: true }, { NO_COLOR: '' }), { live: true, colour: true });
  assert.deepEqual(terminalLook({}, {}), { live: false, colour: false });
});

test('a step table is boxed and coloured on a terminal, boxed without colour under NO_COLOR', () => {
  const coloured = stepTable(state, { live: true, colour: true });
  assert.match(coloured, BOX);
  assert.ok(coloured.includes(ESC));
  const noColour = stepTable(state, { live: true, colour: false });
  assert.match(noColour, BOX);
  assert.ok(!noColour.includes(ESC));
});

test('off a terminal a step table is plain aligned columns: no escape codes, no box drawing', () => {
  const plain = stepTable(state, { live: false, colour: false });
  assert.ok(!plain.includes(ESC));
  assert.doesNotMatch(plain, BOX);
  const [title, head, ...rows] = plain.split('\n');
  assert.equal(title, 'orders_csv: running');
  assert.match(head ?? '', /^step +kind +status +attempts +in +out +rejected +time +note$/);
  const column = (line: string | undefined, text: string) => (line ?? '').indexOf(text);
  assert.equal(column(rows[0], 'succeeded'), column(head, 'status'), 'values stand under their heading');
  assert.equal(column(rows[1], 'running'), column(head, 'status'));
  assert.match(rows[1] ?? '', /connection reset$/);
});

/** A stream that records what is written to it, terminal or not. */
const recorder = (isTTY: boolean) => {
  const written: string[] = [];
  return {
    isTTY,
    written,
    write: (chunk: string) => written.push(chunk) > 0,
  } as unknown as NodeJS.WriteStream & {
    written: string[];
  };
};

/** A watch over real promises: readings `first`, then `second`, and the end after 80 ms. */
const twoReadings = (options: FollowOptions<string>) => {
  const readings = ['first', 'second'];
  const result = new Promise<string>((resolve) => setTimeout(() => resolve('end'), 80));
  return follow(result, async () => (readings.length > 1 ? readings.shift()! : readings[0]!), {
    ...options,
    intervalMs: 5,
  });
};
const view = (reading: string) => ({
  frame: `frame ${reading}\nline two`,
  changes: [`changed to ${reading}`],
});

test('piped, the live view prints one timestamped plain line per change and nothing else', async () => {
  const out = recorder(false);
  assert.equal(await followLive(twoReadings, view, { quiet: false, out }), 'end');
  const lines = out.written.join('').trimEnd().split('\n');
  assert.ok(lines.length >= 2);
  for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT[\d:.]+Z changed to (first|second)$/);
  assert.ok(!out.written.join('').includes(ESC));
});

test("piped, the live view also prints the changes the end holds (a run's final table)", async () => {
  const out = recorder(false);
  const last = (end: PromiseSettledResult<string>) =>
    end.status === 'fulfilled' ? `${end.value}ed` : undefined;
  await followLive(twoReadings, view, { quiet: false, out, last });
  assert.match(out.written.at(-1) ?? '', /Z changed to ended\n$/);
});

test('on a terminal, the live view redraws its frame in place and erases it at the end', async () => {
  const out = recorder(true);
  await followLive(twoReadings, view, { quiet: false, out });
  assert.equal(out.written[0], 'frame first\nline two\n');
  assert.equal(out.written[1], `${ESC}2F${ESC}Jframe second\nline two\n`);
  assert.equal(out.written.at(-1), `${ESC}2F${ESC}J`);
});

test('quiet (--json), the live view prints nothing while it waits', async () => {
  const out = recorder(true);
  assert.equal(await followLive(twoReadings, view, { quiet: true, out }), 'end');
  assert.deepEqual(out.written, []);
});
