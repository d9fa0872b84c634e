// Checks a load step's target when the pipeline is defined: table, columns, key, mode and its options.
import { ACCEPTED_COLUMN_TYPES, readColumnType } from './column-type';
import { HISTORY_COLUMNS, LOAD_MODES, SCHEMA_CHANGES, type LoadTarget } from './load-target';
import { nameProblem, tableNameProblem } from '../pipeline/names';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Every problem with the target, worded for the pipeline author; empty when it is fine. */
export function loadTargetProblems(target: LoadTarget | undefined): string[] {
  if (!target || typeof target !== 'object') return ['target is required'];
  const problems: string[] = [];
  const tableIssue = tableNameProblem(target.table);
  if (tableIssue) problems.push(`target.table ${tableIssue}`);
  if (!LOAD_MODES.includes(target.mode)) {
    problems.push(`target.mode must be one of ${list(LOAD_MODES)}, got "${String(target.mode)}"`);
  }
  problems.push(...columnProblems(target));
  problems.push(...keyProblems(target));
  problems.push(...optionProblems(target));
  problems.push(...indexProblems(target));
  return problems;
}

function columnProblems(target: LoadTarget): string[] {
  const columns = Array.isArray(target.columns) ? target.columns : [];
  if (columns.length === 0) return ['target.columns must list at least one column'];
  const problems: string[] = [];
  const seen = new Set<string>();
  const reserved = target.mode === 'history' ? new Set<string>(HISTORY_COLUMNS) : new Set<string>();
  for (const column of columns) {
    const issue = nameProblem(column?.name);
    if (issue) {
      problems.push(`target column ${issue}`);
      continue;
    }
    if (seen.has(column.name)) problems.push(`target column "${column.name}" is listed twice`);
    seen.add(column.name);
    if (reserved.has(column.name)) {
      problems.push(
        `target column "${column.name}" is one Sluice keeps for mode "history" (${[...reserved].join(', ')}); rename it`,
      );
    }
    const reading = readColumnType(column.type);
    if ('problem' in reading) {
      problems.push(
        `target column "${column.name}": type ${JSON.stringify(column.type) ?? 'undefined'} ${reading.problem}; use one of ${ACCEPTED_COLUMN_TYPES}`,
      );
    }
  }
  return problems;
}

const declared = (target: LoadTarget) =>
  new Set((Array.isArray(target.columns) ? target.columns : []).map((c) => c?.name));

function keyProblems(target: LoadTarget): string[] {
  const problems: string[] = [];
  const needsKey = target.mode === 'merge' || target.mode === 'history';
  if (target.key !== undefined && !Array.isArray(target.key)) return ['target.key must be a list of columns'];
  if (needsKey && !(target.key?.length ?? 0)) {
    problems.push(`target.key is required for mode "${target.mode}": name the columns that identify a row`);
  }
  const names = declared(target);
  const seen = new Set<string>();
  for (const key of target.key ?? []) {
    if (!names.has(key)) problems.push(`target.key "${String(key)}" is not one of target.columns`);
    if (seen.has(key)) problems.push(`target.key lists "${key}" twice`);
    seen.add(key);
    const column = target.columns?.find((c) => c?.name === key);
    if (column?.type === 'jsonb') problems.push(`target.key "${key}" is jsonb, which cannot be a key`);
  }
  return problems;
}

function optionProblems(target: LoadTarget): string[] {
  const problems: string[] = [];
  const { mode, partitionColumn, closeMissing, schemaChanges } = target;
  if (mode === 'replace-partition') {
    if (partitionColumn === undefined) {
      problems.push(
        'target.partitionColumn is required for mode "replace-partition": name the column holding the partition',
      );
    } else if (!declared(target).has(partitionColumn)) {
      problems.push(`target.partitionColumn "${String(partitionColumn)}" is not one of target.columns`);
    } else {
      const type = target.columns.find((c) => c.name === partitionColumn)?.type;
      if (type === 'jsonb' || (typeof type === 'string' && type.trim().endsWith('[]'))) {
        problems.push(
          `target.partitionColumn "${partitionColumn}" is ${type}; a partition column holds a plain value`,
        );
      }
    }
  } else if (partitionColumn !== undefined) {
    problems.push(
      `target.partitionColumn applies only to mode "replace-partition" (mode is "${String(mode)}")`,
    );
  }
  if (closeMissing !== undefined && typeof closeMissing !== 'boolean') {
    problems.push(`target.closeMissing must be true or false, got ${JSON.stringify(closeMissing)}`);
  } else if (closeMissing !== undefined && mode !== 'history') {
    problems.push(`target.closeMissing applies only to mode "history" (mode is "${String(mode)}")`);
  }
  if (schemaChanges !== undefined && !SCHEMA_CHANGES.includes(schemaChanges)) {
    problems.push(
      `target.schemaChanges must be one of ${list(SCHEMA_CHANGES)}, got "${String(schemaChanges)}"`,
    );
  }
  return problems;
}

function indexProblems(target: LoadTarget): string[] {
  if (target.indexes === undefined) return [];
  if (!Array.isArray(target.indexes))
    return ["target.indexes must be a list of column lists, e.g. [['a', 'b']]"];
  const problems: string[] = [];
  const indexable = new Set([
    ...declared(target),
    '_sluice_run_id',
    '_sluice_loaded_at',
    ...(target.mode === 'history' ? HISTORY_COLUMNS : []),
  ]);
  const seen = new Set<string>();
  target.indexes.forEach((columns, i) => {
    if (!Array.isArray(columns) || columns.length === 0) {
      problems.push(`target.indexes[${i}] must list at least one column`);
      return;
    }
    for (const column of columns) {
      if (!indexable.has(column)) {
        problems.push(`target.indexes[${i}] names "${String(column)}", which is not one of target.columns`);
      }
    }
    if (new Set(columns).size !== columns.length) {
      problems.push(`target.indexes[${i}] lists a column twice`);
    }
    const signature = columns.join(',');
    if (seen.has(signature))
      problems.push(`target.indexes[${i}] repeats an index on (${columns.join(', ')})`);
    seen.add(signature);
  });
  return problems;
}
