// The one logger interface Sluice writes to (SluiceLogger), and pino, its default, with secrets redacted.
import pino from 'pino';
import { redact, redactText } from './redact';

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

/**
 * The default logger: JSON lines from pino (to stdout unless `destination`), secrets redacted (runtime/redact.ts)
 * from the fields, the message and every child's bindings.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  const logger = pino(
    {
      level,
      base: { service: 'sluice' },
      formatters: { log: (fields) => redact(fields) as Record<string, unknown> },
      serializers: {
        msg: (message: unknown) => (typeof message === 'string' ? redactText(message) : message),
      },
    },
    destination,
  );
  // pino formats a child's bindings without the root's formatters: redact them on the way in. Children are
  // created from their parent's prototype, so theirs inherit this `child` too.
  const { child } = logger; // pino's own, from the prototype: called on each parent below
  logger.child = function (this: pino.Logger, bindings, options) {
    return child.call(this, redact(bindings) as pino.Bindings, options);
  } as typeof child;
  return logger;
}
