// Definition checks for a file source: exactly one of path or url, a known format, recordsPath only for json.
import { booleanProblems, dotPathProblems, durationProblems, integerProblems } from './source-field-problems';
import type { FileSource } from './source-spec';

const FORMATS = ['csv', 'ndjson', 'json'];

export function fileSourceProblems(source: FileSource): string[] {
  const problems: string[] = [];
  const hasPath = typeof source.path === 'string' && source.path.trim() !== '';
  const hasUrl = source.url !== undefined;
  if (hasPath === hasUrl)
    problems.push('source needs exactly one of path (a file on disk) or url (an http or https address)');
  if (hasUrl) problems.push(...urlProblems(source.url));
  problems.push(...booleanProblems('allowPrivateNetwork', source.allowPrivateNetwork));
  problems.push(...integerProblems('maxDownloadBytes', source.maxDownloadBytes, 1));
  problems.push(...durationProblems('downloadTimeout', source.downloadTimeout));
  if (!FORMATS.includes(source.format))
    problems.push(`source.format must be csv, ndjson or json, got "${source.format}"`);
  if (source.recordsPath !== undefined) {
    if (source.format !== 'json') problems.push('source.recordsPath applies to format json only');
    problems.push(...dotPathProblems('recordsPath', source.recordsPath));
  }
  return problems;
}

function urlProblems(url: unknown): string[] {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return [`source.url "${String(url)}" is not an absolute URL like https://files.example.com/orders.csv`];
  }
  const problems: string[] = [];
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    problems.push(`source.url must use http or https, not ${parsed.protocol}`);
  if (parsed.username || parsed.password)
    problems.push('source.url must not hold credentials: a definition is stored in workflow history');
  return problems;
}
