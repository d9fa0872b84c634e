// The pino logger every Sluice process uses; secrets are redacted before anything is written.
import pino, { type Logger } from 'pino';

export const REDACTED_PATHS = [
  'password',
  '*.password',
  'databaseUrl',
  '*.databaseUrl',
  'DATABASE_URL',
  '*.DATABASE_URL',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'SLUICE_ENCRYPTION_KEYS',
  '*.SLUICE_ENCRYPTION_KEYS',
  'SLUICE_CODEC_TOKEN',
  '*.SLUICE_CODEC_TOKEN',
  'TEMPORAL_API_KEY',
  '*.TEMPORAL_API_KEY',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'sluice' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}
