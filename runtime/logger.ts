// The pino logger every Sluice process uses; secrets are redacted before anything is written.
import pino, { type Logger } from 'pino';
import { SECRET_VARIABLES } from './secret-variables';

/** Secret fields and variables, at the top of a log object and one level down. */
export const REDACTED_PATHS = [
  ...['password', 'databaseUrl', 'apiKey', 'authorization', ...SECRET_VARIABLES].flatMap((key) => [
    key,
    `*.${key}`,
  ]),
  'headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'sluice' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}
