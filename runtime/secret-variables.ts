// The environment variables that hold secrets: never echoed in a message, redacted from every log line.
export const SECRET_VARIABLES: readonly string[] = [
  'DATABASE_URL',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'SLUICE_ENCRYPTION_KEYS',
  'SLUICE_CODEC_TOKEN',
];
