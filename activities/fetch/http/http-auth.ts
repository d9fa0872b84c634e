// Turns a source's auth spec into request headers (or a query parameter) from the worker's environment.
import type { HttpAuth } from '../../../core/fetch/source-spec';
import { HttpSourceError } from './http-source-error';

export interface ResolvedAuth {
  headers: Record<string, string>;
  /** An API key sent as a query parameter: added to each request, never stored in a cursor. */
  query?: { name: string; value: string };
  /** Every value that must never appear in a message. */
  secrets: string[];
  /** Where to look when the API refuses the credentials. */
  advice: string;
}

/** The credentials `auth` names; a variable that is unset or empty is a terminal error naming it. */
export function resolveAuth(
  auth: HttpAuth | undefined,
  env: Record<string, string | undefined>,
): ResolvedAuth {
  const read = (field: string, name: string) => {
    const value = env[name];
    if (!value) {
      throw new HttpSourceError(
        `source.auth.${field} names ${name}, which is not set in the worker's environment`,
        `Set ${name} where the workers run, restart them, then retry the step or start a new run`,
      );
    }
    return value;
  };
  if (!auth) return { headers: {}, secrets: [], advice: 'the API may need source.auth' };
  switch (auth.kind) {
    case 'bearer': {
      const token = read('tokenEnv', auth.tokenEnv);
      return {
        headers: { authorization: `Bearer ${token}` },
        secrets: [token],
        advice: `check ${auth.tokenEnv}`,
      };
    }
    case 'api-key': {
      const key = read('keyEnv', auth.keyEnv);
      const advice = `check ${auth.keyEnv}`;
      if (auth.query) return { headers: {}, query: { name: auth.query, value: key }, secrets: [key], advice };
      return { headers: { [auth.header ?? 'x-api-key']: key }, secrets: [key], advice };
    }
    case 'basic': {
      const user = read('usernameEnv', auth.usernameEnv);
      const password = read('passwordEnv', auth.passwordEnv);
      const encoded = Buffer.from(`${user}:${password}`).toString('base64');
      return {
        headers: { authorization: `Basic ${encoded}` },
        secrets: [password, encoded],
        advice: `check ${auth.usernameEnv} and ${auth.passwordEnv}`,
      };
    }
    default:
      throw new HttpSourceError(`unknown source.auth.kind "${(auth as { kind: unknown }).kind}"`);
  }
}
