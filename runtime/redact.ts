// Secrets out of anything about to be logged: secret-named keys at any depth and in any case, passwords in strings.
import pino from 'pino';
import { isSecretVariable, SECRET_VARIABLES } from '../core/config/secret-variables';

/** What a redacted value becomes. */
export const CENSOR = '[redacted]';

/** A key holding any of these words (case, `_` and `-` ignored) names a secret: `apiKey`, `X-Auth-Token`, `sslpassword`. */
const SECRET_WORDS = [
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'credential',
];
/** And these whole names: the secret variables (`DATABASE_URL` is also `databaseUrl`) and connection strings. */
const SECRET_NAMES = new Set([...SECRET_VARIABLES, 'connectionString'].map(normalize));

function normalize(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether a field, header, query parameter or conninfo keyword of this name holds a secret. */
export function isSecretKey(key: string): boolean {
  const name = normalize(key);
  return isSecretVariable(key) || SECRET_NAMES.has(name) || SECRET_WORDS.some((word) => name.includes(word));
}

/** `scheme://user:password@`: the password of a URL's user. */
const URL_PASSWORD = /(\b[a-z][a-z\d+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#@]*@/gi;
/** `?password=…`, `&sslpassword=…`, and libpq's `password=… ` or `password='…'`: a name, `=`, a value. */
const PARAMETER = /(^|[?&;\s])([\w.-]+)=('(?:[^'\\]|\\.)*'|[^&;\s#]*)/g;

/** The text with every URL password and every secret-named parameter's value censored. */
export function redactText(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1${CENSOR}@`)
    .replace(PARAMETER, (match, before: string, name: string) =>
      isSecretKey(name) ? `${before}${name}=${CENSOR}` : match,
    );
}

/**
 * A copy of `value` fit for a log line: secret-named keys censored at any depth, strings (an error's message
 * and stack too) through redactText. Errors become pino's serialized form first; cycles become `[Circular]`.
 * @example redact({ headers: { Authorization: 'Bearer x' } }) // { headers: { Authorization: '[redacted]' } }
 */
export function redact(value: unknown, path: readonly object[] = []): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (path.includes(value)) return '[Circular]';
  const within = [...path, value];
  if (value instanceof Error) return redact(pino.stdSerializers.err(value), within);
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return redact(json.call(value), within);
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, within));
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      isSecretKey(key) && field !== undefined && field !== null ? CENSOR : redact(field, within),
    ]),
  );
}
