// Checks a fetch step's source when the pipeline is defined.
import type { SourceSpec } from './source-spec';

/** Every problem with the source, worded for the pipeline author; empty when it is fine. */
export function sourceProblems(source: SourceSpec | undefined): string[] {
  if (!source) return ['source is required'];
  switch (source.kind) {
    case 'file': {
      const problems: string[] = [];
      if (!source.path?.trim()) problems.push('source.path is required');
      if (!['csv', 'ndjson'].includes(source.format))
        problems.push(`source.format must be csv or ndjson, got "${source.format}"`);
      return problems;
    }
    default:
      return [`unknown source kind "${(source as { kind: unknown }).kind}"`];
  }
}
