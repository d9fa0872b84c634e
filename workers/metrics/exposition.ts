// Metric families in the Prometheus text exposition format (version 0.0.4), written by hand: no client library.

export type Labels = Record<string, string>;

/** One sample of a counter or gauge. */
export interface Sample {
  labels: Labels;
  value: number;
}

/** One histogram series: cumulative counts per upper bound (same bounds as the family's), sum and count. */
export interface HistogramSample {
  labels: Labels;
  /** counts[i] observations were ≤ the family's buckets[i]. */
  counts: number[];
  sum: number;
  count: number;
}

export type MetricFamily =
  | { type: 'counter' | 'gauge'; name: string; help: string; samples: Sample[] }
  | { type: 'histogram'; name: string; help: string; buckets: number[]; samples: HistogramSample[] };

export const counter = (name: string, help: string, samples: Sample[]): MetricFamily => ({
  type: 'counter',
  name,
  help,
  samples,
});

export const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({
  type: 'gauge',
  name,
  help,
  samples,
});

const escapeLabel = (value: string) =>
  value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');

const escapeHelp = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function series(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([key, v]) => `${key}="${escapeLabel(v)}"`);
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`;
}

/** The families as one exposition, each with its HELP and TYPE lines. */
export function formatExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type !== 'histogram') {
      for (const sample of family.samples) lines.push(series(family.name, sample.labels, sample.value));
      continue;
    }
    for (const sample of family.samples) {
      family.buckets.forEach((bound, i) =>
        lines.push(
          series(
            `${family.name}_bucket`,
            { ...sample.labels, le: formatValue(bound) },
            sample.counts[i] ?? 0,
          ),
        ),
      );
      lines.push(series(`${family.name}_bucket`, { ...sample.labels, le: '+Inf' }, sample.count));
      lines.push(series(`${family.name}_sum`, sample.labels, sample.sum));
      lines.push(series(`${family.name}_count`, sample.labels, sample.count));
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
