// Reads one column of a contract file, collecting every problem with it instead of stopping at the first.
import {
  CONTRACT_COLUMN_TYPES,
  type ContractColumn,
  type ContractColumnType,
} from '../../core/validate/contract';
import { nameProblem } from '../../core/pipeline/names';
import { readBounds, readEnum, readPattern } from './column-rules';
import { isMapping, shown, unknownKeyProblems } from './spec-reading';

const COLUMN_KEYS = [
  'name',
  'type',
  'description',
  'required',
  'unique',
  'coerce',
  'enum',
  'min',
  'max',
  'min_length',
  'max_length',
  'pattern',
] as const;

const COLUMN_KEY_HINTS: Record<string, string> = {
  constraints: 'put min and max on the column itself',
  nullable: 'use required: true for columns that must have a value',
  not_null: 'use required: true',
  values: 'use enum',
  accepted_values: 'use enum',
  regex: 'use pattern',
  min_value: 'use min',
  max_value: 'use max',
};

export interface ColumnReading {
  column?: ContractColumn;
  problems: string[];
}

/** Reads `columns[index]`; `column` is set only when the column has no problems. */
export function readColumn(raw: unknown, index: number): ColumnReading {
  if (!isMapping(raw)) {
    return { problems: [`columns[${index}]: must be a mapping with name and type, got ${shown(raw)}`] };
  }
  const where = `columns[${index}]${typeof raw.name === 'string' ? ` (${raw.name})` : ''}`;
  const problems = unknownKeyProblems(where, raw, COLUMN_KEYS, COLUMN_KEY_HINTS);
  const at = (key: string, problem: string) => problems.push(`${where}.${key}: ${problem}`);

  const nameIssue = nameProblem(raw.name);
  if (nameIssue) at('name', nameIssue);
  const type = raw.type;
  if (type === undefined) at('type', `is required; use one of ${CONTRACT_COLUMN_TYPES.join(', ')}`);
  else if (!CONTRACT_COLUMN_TYPES.includes(type as ContractColumnType)) {
    at('type', `unknown type ${shown(type)}; use one of ${CONTRACT_COLUMN_TYPES.join(', ')}`);
  }
  for (const key of ['required', 'unique', 'coerce'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean')
      at(key, `must be true or false, got ${shown(raw[key])}`);
  }
  if (raw.description !== undefined && typeof raw.description !== 'string') {
    at('description', `must be text, got ${shown(raw.description)}`);
  }
  const known = CONTRACT_COLUMN_TYPES.includes(type as ContractColumnType)
    ? (type as ContractColumnType)
    : undefined;
  const bounds = readBounds(raw, known, at);
  const pattern = readPattern(raw.pattern, known, at);
  const values = readEnum(raw, known, at);
  if (problems.length > 0 || !known) return { problems };

  const column: ContractColumn = {
    name: raw.name as string,
    type: known,
    required: raw.required === true,
    unique: raw.unique === true,
  };
  if (typeof raw.description === 'string') column.description = raw.description;
  if (typeof raw.coerce === 'boolean') column.coerce = raw.coerce;
  if (values) column.enum = values;
  Object.assign(column, bounds);
  if (pattern !== undefined) column.pattern = pattern;
  return { column, problems };
}
