// Incremental cursors compare by meaning: numbers numerically, timestamps as instants whatever their format.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCursors, laterCursor } from '../../core/fetch/cursor-order';

test('numbers compare as numbers, not text', () => {
  assert.ok(compareCursors('9', '10') < 0);
  assert.ok(compareCursors('10.5', '10.25') > 0);
});

test('timestamps compare as instants across formats and zones', () => {
  assert.equal(compareCursors('2026-11-01T00:00:00Z', '2026-11-01T00:00:00.000000Z'), 0);
  assert.ok(compareCursors('2026-11-01T00:00:00.000001Z', '2026-11-01T00:00:00Z') > 0);
  assert.equal(compareCursors('2026-11-01T02:00:00+02:00', '2026-11-01T00:00:00Z'), 0);
  assert.ok(compareCursors('2026-11-02', '2026-11-01T23:59:59Z') > 0);
});

test('other values compare as text; undefined is earliest', () => {
  assert.ok(compareCursors('b', 'a') > 0);
  assert.equal(laterCursor(undefined, 'x'), 'x');
  assert.equal(laterCursor('2026-11-02T00:00:00Z', '2026-11-01T00:00:00.999999Z'), '2026-11-02T00:00:00Z');
});
