// formatExposition: counters, gauges and histograms in Prometheus's text format, with label values escaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counter, formatExposition, gauge } from '../../workers/metrics/exposition';
import { parseExposition } from '../support/scrape-metrics';

test('HELP and TYPE per family, one line per sample, escaped label values', () => {
  const text = formatExposition([
    counter('x_total', 'Things.\nCounted.', [{ labels: { step: 'a"b\\c\nd' }, value: 3 }]),
    gauge('y', 'Levels.', [{ labels: {}, value: 1.5 }]),
  ]);
  assert.equal(
    text,
    [
      '# HELP x_total Things.\\nCounted.',
      '# TYPE x_total counter',
      'x_total{step="a\\"b\\\\c\\nd"} 3',
      '# HELP y Levels.',
      '# TYPE y gauge',
      'y 1.5',
      '',
    ].join('\n'),
  );
  assert.equal(parseExposition(text).value('x_total', { step: 'a"b\\c\nd' }), 3, 'reads back the same');
});

test('a histogram has cumulative buckets, +Inf equal to its count, a sum and a count', () => {
  const text = formatExposition([
    {
      type: 'histogram',
      name: 'd_seconds',
      help: 'Durations.',
      buckets: [1, 10],
      samples: [{ labels: { pipeline: 'p' }, counts: [1, 2], sum: 12.5, count: 3 }],
    },
  ]);
  const scrape = parseExposition(text);
  assert.deepEqual(
    ['1', '10', '+Inf'].map((le) => scrape.value('d_seconds_bucket', { pipeline: 'p', le })),
    [1, 2, 3],
  );
  assert.equal(scrape.value('d_seconds_sum', { pipeline: 'p' }), 12.5);
  assert.equal(scrape.value('d_seconds_count', { pipeline: 'p' }), 3);
  assert.match(text, /^# TYPE d_seconds histogram$/m);
});
