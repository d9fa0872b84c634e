// copyChunks: COPY text cut at row boundaries into bounded chunks, however large a batch is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyChunks, copyLine } from '../../activities/staging/copy-chunks';

test('one huge batch still comes out as chunks of about 64 K characters, each ending on a row', async () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ n: i, pad: 'x'.repeat(100) }));
  const lastRows: number[] = [];
  const chunks: string[] = [];
  for await (const chunk of copyChunks([rows], 1, (last) => lastRows.push(last))) chunks.push(chunk);
  const longestLine = Math.max(...rows.map((row, i) => copyLine(i + 1, row).length));
  assert.ok(chunks.length > 30, `${chunks.length} chunks`);
  for (const chunk of chunks) {
    assert.ok(chunk.length < 64 * 1024 + longestLine, `a chunk of ${chunk.length} characters`);
    assert.ok(chunk.endsWith('\n'));
  }
  assert.equal(chunks.join(''), rows.map((row, i) => copyLine(i + 1, row)).join(''));
  assert.deepEqual(lastRows, [20_000]);
});
