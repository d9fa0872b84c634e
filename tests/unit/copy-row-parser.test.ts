// CopyRowParser: rows out of COPY text, however the chunks cut lines and UTF-8 characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyLine } from '../../activities/staging/copy-chunks';
import { CopyRowParser } from '../../activities/staging/copy-rows';

const rows = [
  { text: 'plain' },
  { text: 'back\\slash \\\\ two, "quoted", tab\there, new\nline, \\n not a newline' },
  { text: 'é ü 😀 中文', nested: { list: [1, 'two', null, true] } },
];
const bytes = Buffer.from(rows.map((row, i) => copyLine(i + 1, row)).join(''));

function parseInChunks(size: number) {
  const parser = new CopyRowParser();
  const parsed = [];
  for (let at = 0; at < bytes.length; at += size) parsed.push(...parser.push(bytes.subarray(at, at + size)));
  parser.end();
  return parsed;
}

test('every row comes out whole and numbered, whatever the chunk size', () => {
  const expected = rows.map((data, i) => ({ rowNumber: i + 1, data }));
  for (const size of [1, 2, 3, 7, 64, bytes.length])
    assert.deepEqual(parseInChunks(size), expected, `chunks of ${size}`);
});

test('output that stops part-way through a row is an error, not a lost row', () => {
  const parser = new CopyRowParser();
  assert.deepEqual(parser.push(bytes.subarray(0, bytes.length - 3)).length, rows.length - 1);
  assert.throws(() => parser.end(), /ended mid-row/);
});
