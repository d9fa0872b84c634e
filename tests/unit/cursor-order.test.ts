// Incremental cursors compare in their declared type: numbers as exact decimals, timestamps as instants, text as text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCursorKeys, cursorKey, type CursorType } from '../../core/fetch/cursor-order';
import { WatermarkProposal } from '../../core/fetch/watermark-proposal';

/** Compares two values that must both be of the type. */
function compare(type: CursorType, a: string, b: string): number {
  const [ka, kb] = [cursorKey(type, a), cursorKey(type, b)];
  assert.ok(ka && kb, `${a} and ${b} are ${type}s`);
  return compareCursorKeys(ka, kb);
}

test('numbers compare as numbers, not text, with every digit kept', () => {
  assert.ok(compare('number', '10', '9') > 0);
  assert.ok(compare('number', '10.5', '10.25') > 0);
  assert.ok(compare('number', '-10', '-9') < 0);
  assert.equal(compare('number', '007.50', '7.5'), 0);
  assert.equal(compare('number', '-0', '0'), 0);
  assert.ok(compare('number', '9007199254740993', '9007199254740992') > 0);
  assert.ok(compare('text', '10', '9') < 0, 'as text, 10 sorts before 9');
});

test('timestamps compare as instants across formats and zones; a value without a zone is UTC', () => {
  assert.ok(compare('timestamp', '2024-01-02T00:00:00+02:00', '2024-01-01T23:00:00Z') < 0);
  assert.equal(compare('timestamp', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00.000000Z'), 0);
  assert.ok(compare('timestamp', '2026-11-01T00:00:00.000001Z', '2026-11-01T00:00:00Z') > 0);
  assert.equal(compare('timestamp', '2026-11-01T02:00:00+0200', '2026-11-01 00:00:00'), 0);
  assert.equal(compare('timestamp', '2026-11-01T05:30:00+05:30', '2026-11-01'), 0);
  assert.ok(compare('timestamp', '2026-11-02', '2026-11-01T23:59:59Z') > 0);
});

test('values not of the type do not parse', () => {
  for (const value of ['zzz', '2026-02-30', '2026-11-01T24:00:00Z', '2026-11-01T00:00:00+02:', '1e3', '', {}])
    assert.equal(cursorKey(value === '1e3' ? 'number' : 'timestamp', value), undefined, String(value));
  assert.equal(cursorKey('number', 'ten'), undefined);
  assert.deepEqual(cursorKey('number', 12), { type: 'number', negative: false, whole: '12', fraction: '' });
});

test('a proposal keeps the highest value within the horizon and counts what it left out', () => {
  const now = Date.parse('2026-11-01T00:00:00Z');
  const proposal = new WatermarkProposal('timestamp', { cursorField: 'at', maxFuture: '1h' }, now);
  for (const value of [
    '2026-10-31T23:00:00Z',
    '2026-11-01T00:30:00Z',
    '2026-11-01T03:00:00Z',
    'soon',
    null,
    '',
  ])
    proposal.offer(value);
  assert.equal(proposal.highest, '2026-11-01T00:30:00Z');
  assert.deepEqual(proposal.omissions, {
    unparseable: 1,
    unparseableExample: 'soon',
    beyondHorizon: 1,
    latestBeyond: '2026-11-01T03:00:00Z',
    horizon: '2026-11-01T01:00:00.000Z',
  });
  const numbers = new WatermarkProposal('number', { cursorField: 'id' }, now, '9');
  numbers.offer('10');
  numbers.offer(8);
  assert.equal(numbers.highest, '10');
});
