// Column types a pipeline declares, and the names they carry.

/** Column types Sluice maps onto PostgreSQL types. */
export type ColumnType =
  'text' | 'integer' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'jsonb';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}
