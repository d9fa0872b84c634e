// Scrapes a Prometheus /metrics endpoint and reads its samples by name and exact label set.
import assert from 'node:assert/strict';

export interface ScrapedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  text: string;
  samples: ScrapedSample[];
  /** Names of every sample (histograms by their `_bucket`, `_sum` and `_count` series). */
  names(): Set<string>;
  /** The value of the one sample of `name` with exactly `labels`; undefined when there is none. */
  value(name: string, labels: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Scrape {
  const samples = text.split('\n').flatMap((line) => {
    const match = SAMPLE.exec(line);
    if (!match || line.startsWith('#')) return [];
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(LABEL)].map(([, key = '', value = '']) => [
        key,
        value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)),
      ]),
    );
    return [{ name: match[1] ?? '', labels, value: Number(match[3]) }];
  });
  const sameLabels = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
  return {
    text,
    samples,
    names: () => new Set(samples.map((s) => s.name)),
    value: (name, labels) => samples.find((s) => s.name === name && sameLabels(s.labels, labels))?.value,
  };
}

export async function scrapeMetrics(address: string): Promise<Scrape> {
  const response = await fetch(`http://${address}/metrics`);
  assert.equal(response.status, 200, `GET http://${address}/metrics`);
  return parseExposition(await response.text());
}
