// Reads a contract YAML file into a ContractSpec, or throws a ContractError naming the file and every field.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { ContractSpec } from '../../core/validate/contract';
import { ContractError } from './contract-error';
import { readContractSpec } from './contract-spec-reader';

/** Parses contract text; `file` is only used to name the contract in errors. */
export function parseContract(text: string, file: string): ContractSpec {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // prettyErrors appends a code frame after the first line; the first line already says where.
    throw new ContractError(
      file,
      doc.errors.map((e) => `YAML: ${(e.message.split('\n')[0] ?? e.code).replace(/:$/, '')}`),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ContractError(file, [`YAML: ${(err as Error).message}`]);
  }
  const { spec, problems } = readContractSpec(value);
  if (!spec) throw new ContractError(file, problems);
  return spec;
}

/** Reads and parses the contract at `absolutePath`; `shownPath` names it in errors (relative to the project). */
export async function loadContractFile(absolutePath: string, shownPath: string): Promise<ContractSpec> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ContractError(shownPath, [`the file does not exist (looked at ${absolutePath})`]);
    if (code === 'EISDIR') throw new ContractError(shownPath, ['is a directory, not a YAML file']);
    throw err;
  }
  return parseContract(text, shownPath);
}
