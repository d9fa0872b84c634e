// Turns a parsed contract document into a ContractSpec, or into the list of everything wrong with it.
import type { ContractColumn, ContractFreshness, ContractSpec } from '../../core/validate/contract';
import { toMilliseconds, type DurationSpec } from '../../core/pipeline/durations';
import { tableNameProblem } from '../../core/pipeline/names';
import { readColumn } from './contract-column-reader';
import { isMapping, shown, unknownKeyProblems } from './spec-reading';

const TOP_KEYS = ['dataset', 'description', 'owner', 'coerce', 'columns', 'freshness'] as const;
const TOP_KEY_HINTS: Record<string, string> = {
  schema: 'list the columns under "columns"',
  table: 'name the dataset with "dataset"',
  fields: 'list the columns under "columns"',
};
const FRESHNESS_KEYS = ['column', 'warn_threshold', 'error_threshold'] as const;

export interface SpecReading {
  spec?: ContractSpec;
  problems: string[];
}

/** Every problem with the document, worded for the contract's author; `spec` only when there are none. */
export function readContractSpec(doc: unknown): SpecReading {
  if (!isMapping(doc)) {
    return { problems: [`must be a YAML mapping with description, owner and columns, got ${shown(doc)}`] };
  }
  const problems = unknownKeyProblems('', doc, TOP_KEYS, TOP_KEY_HINTS);
  if (doc.dataset !== undefined) {
    const issue = tableNameProblem(doc.dataset);
    if (issue) problems.push(`dataset: ${issue}`);
  }
  for (const key of ['description', 'owner'] as const) {
    const value = doc[key];
    if (typeof value !== 'string' || !value.trim()) {
      problems.push(
        `${key}: is required${key === 'owner' ? ': a team or person to contact' : ': say what the dataset holds'}`,
      );
    }
  }
  if (doc.coerce !== undefined && typeof doc.coerce !== 'boolean') {
    problems.push(`coerce: must be true or false, got ${shown(doc.coerce)}`);
  }
  const columns = readColumns(doc.columns, problems);
  const freshness = readFreshness(doc.freshness, doc.columns, problems);
  if (problems.length > 0) return { problems };
  const spec: ContractSpec = {
    description: doc.description as string,
    owner: doc.owner as string,
    columns,
  };
  if (doc.dataset !== undefined) spec.dataset = doc.dataset as string;
  if (doc.coerce !== undefined) spec.coerce = doc.coerce as boolean;
  if (freshness) spec.freshness = freshness;
  return { spec, problems };
}

function readColumns(raw: unknown, problems: string[]): ContractColumn[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`columns: must list at least one column (name, type, ...), got ${shown(raw)}`);
    return [];
  }
  const columns: ContractColumn[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    const reading = readColumn(item, index);
    problems.push(...reading.problems);
    const name = isMapping(item) ? item.name : undefined;
    if (typeof name === 'string') {
      if (seen.has(name)) problems.push(`columns[${index}] (${name}).name: "${name}" is declared twice`);
      seen.add(name);
    }
    if (reading.column) columns.push(reading.column);
  });
  return columns;
}

function readFreshness(raw: unknown, rawColumns: unknown, problems: string[]) {
  if (raw === undefined) return undefined;
  if (!isMapping(raw)) {
    problems.push(
      `freshness: must be a mapping with column, warn_threshold and error_threshold, got ${shown(raw)}`,
    );
    return undefined;
  }
  const before = problems.length;
  problems.push(...unknownKeyProblems('freshness', raw, FRESHNESS_KEYS));
  const columns = Array.isArray(rawColumns) ? rawColumns.filter(isMapping) : [];
  const column = columns.find((c) => c.name === raw.column);
  if (typeof raw.column !== 'string')
    problems.push('freshness.column: is required: a date or timestamp column');
  else if (!column) problems.push(`freshness.column: "${raw.column}" is not one of the contract's columns`);
  else if (typeof column.type === 'string' && column.type !== 'date' && column.type !== 'timestamp') {
    problems.push(
      `freshness.column: "${raw.column}" is a ${column.type} column; use a date or timestamp column`,
    );
  }
  const warn = readDuration(raw, 'warn_threshold', problems);
  const error = readDuration(raw, 'error_threshold', problems);
  if (raw.warn_threshold === undefined && raw.error_threshold === undefined) {
    problems.push('freshness: give warn_threshold, error_threshold or both, like 2h and 24h');
  }
  if (warn !== undefined && error !== undefined && warn > error) {
    problems.push(
      `freshness.warn_threshold: ${shown(raw.warn_threshold)} is longer than error_threshold ${shown(raw.error_threshold)}`,
    );
  }
  if (problems.length > before) return undefined;
  const freshness: ContractFreshness = { column: raw.column as string };
  if (raw.warn_threshold !== undefined) freshness.warnThreshold = raw.warn_threshold as DurationSpec;
  if (raw.error_threshold !== undefined) freshness.errorThreshold = raw.error_threshold as DurationSpec;
  return freshness;
}

function readDuration(raw: Record<string, unknown>, key: string, problems: string[]): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' || typeof value === 'number' ? toMilliseconds(value) : undefined;
  if (ms === undefined || ms <= 0) {
    problems.push(`freshness.${key}: ${shown(value)} is not a positive duration like '2h'`);
    return undefined;
  }
  return ms;
}
