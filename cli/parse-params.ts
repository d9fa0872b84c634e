// Parses repeated `--param key=value` flags into a record, refusing malformed ones.
import { UsageError } from './exit-codes';

export function collectParam(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseParams(pairs: string[] = []): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new UsageError(`--param expects key=value with a key of letters, digits and _, got "${pair}"`);
    }
    params[key] = pair.slice(at + 1);
  }
  return params;
}
