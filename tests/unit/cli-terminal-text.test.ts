// Control characters and ANSI escapes from sources reach the terminal shown, never obeyed: tables and CLI errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepTable } from '../../cli/tables';
import { terminalJson, terminalText } from '../../cli/terminal-text';
import type { RunState } from '../../core/run/run-state';
import { runProcess } from '../support/run-process';

/** Clears the screen, sets the window title, a one-character CSI (C1), a bell, a DEL and a carriage return. */
const HOSTILE = 'bad\x1b[2J\x1b]0;owned\x07\u009b31m\x7f\rend';
const SHOWN = 'bad\\u001b[2J\\u001b]0;owned\\u0007\\u009b31m\\u007f\\u000dend';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

test('terminalText writes out C0 and C1 controls and DEL as \\u escapes; newlines stay in messages only', () => {
  assert.equal(terminalText(HOSTILE), SHOWN);
  assert.equal(terminalText('two\nlines\ttab'), 'two\\u000alines\\u0009tab');
  assert.equal(terminalText('two\nlines\ttab', { keepNewlines: true }), 'two\nlines\\u0009tab');
  assert.equal(terminalText('Zoë ☃ 😀'), 'Zoë ☃ 😀', 'other text is untouched');
  const json = terminalJson({ message: HOSTILE });
  assert.ok(!RAW_CONTROL.test(json));
  assert.deepEqual(JSON.parse(json), { message: HOSTILE }, 'still the same JSON');
});

test('a step table shows a hostile error, step id and pipeline name escaped, keeping its own colours', () => {
  const state: RunState = {
    pipeline: `orders${HOSTILE}`,
    status: 'failed',
    paused: false,
    steps: [{ id: `fetch${HOSTILE}`, kind: 'fetch', status: 'failed', attempts: 1, lastError: HOSTILE }],
  };
  for (const look of [
    { live: false, colour: false },
    { live: true, colour: true },
  ]) {
    const table = stepTable(state, look);
    assert.ok(table.includes(`orders${SHOWN}`));
    assert.ok(table.includes(`fetch${SHOWN}`));
    const withoutOwnColours = table.replace(/\x1b\[(36|39)m/g, ''); // eslint-disable-line no-control-regex
    assert.ok(!RAW_CONTROL.test(withoutOwnColours), JSON.stringify(withoutOwnColours));
  }
});

test('the CLI prints an error holding control characters escaped, on stderr and in --json', async () => {
  const project = `/nonexistent/${HOSTILE}`;
  const plain = await runProcess(['cli/main.ts', 'pipelines', '--project', project], {});
  assert.equal(plain.code, 2);
  assert.ok(plain.stderr.includes(`/nonexistent/${SHOWN}`), plain.stderr);
  assert.ok(!RAW_CONTROL.test(plain.stderr), JSON.stringify(plain.stderr));

  const json = await runProcess(['cli/main.ts', 'pipelines', '--project', project, '--json'], {});
  assert.ok(!RAW_CONTROL.test(json.stdout), JSON.stringify(json.stdout));
  const doc = JSON.parse(json.stdout) as { error: { message: string } };
  assert.ok(doc.error.message.includes(`/nonexistent/${HOSTILE}`), 'the JSON still holds the exact text');
});
