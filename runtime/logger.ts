// The one logger interface Sluice writes to (SluiceLogger), and pino, its default, with secrets redacted.
import pino from 'pino';
import { SECRET_VARIABLES } from '../core/config/secret-variables';

/** One level: structured fields first, then the message (pino's argument order). */
export type LogMethod = (fields: Record<string, unknown>, message: string) => void;

/**
 * What Sluice calls on a logger, and nothing more: pino satisfies it as it is; winston or an application's
 * own logger needs a few lines of adapter (README "Embedding the worker"). The SDK's and activities' lines
 * arrive here too, through installRuntime.
 * @example const logger: SluiceLogger = { ...levels, child: (bindings) => wrap(base.child(bindings)) };
 */
export interface SluiceLogger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** A logger that adds `bindings` to every line (the SDK's lines are bound to `{ source: 'temporal' }`). */
  child(bindings: Record<string, unknown>): SluiceLogger;
}

/** Secret fields and variables, at the top of a log object and one level down. */
export const REDACTED_PATHS = [
  ...['password', 'databaseUrl', 'apiKey', 'authorization', ...SECRET_VARIABLES].flatMap((key) => [
    key,
    `*.${key}`,
  ]),
  'headers.authorization',
];

/** The default logger: JSON lines from pino (to stdout unless `destination`), secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    { level, base: { service: 'sluice' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}
