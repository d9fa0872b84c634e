// Quotes a target column name: a checked spec name, or one of Sluice's own metadata columns.
import { escapeIdentifier } from 'pg';
import { METADATA_COLUMNS } from '../../core/load/load-target';
import { ident } from '../db/identifiers';

const SLUICE_COLUMNS = new Set<string>(METADATA_COLUMNS);

/** ident() refuses the leading underscore of `_sluice_*`, which only Sluice's fixed names may have. */
export const columnIdent = (name: string) =>
  SLUICE_COLUMNS.has(name) ? escapeIdentifier(name) : ident(name);
