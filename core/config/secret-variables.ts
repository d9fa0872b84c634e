// Sluice's own secret environment variables: never echoed in a message, redacted from every log line, never a pipeline's credential.

/** The variables themselves; the logger redacts each by name. */
export const SECRET_VARIABLES: readonly string[] = [
  'DATABASE_URL',
  'PGPASSWORD',
  'POSTGRES_PASSWORD',
  'WAREHOUSE_PASSWORD',
  'WAREHOUSE_READER_PASSWORD',
  'TEMPORAL_DB_PASSWORD',
  'SLUICE_WORKER_PASSWORD',
  'SLUICE_READER_PASSWORD',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'SLUICE_ENCRYPTION_KEYS',
  'SLUICE_CODEC_TOKEN',
  'SLUICE_ALERT_WEBHOOK_URL',
];

/** Families of variables that carry credentials: gRPC headers sent to Temporal (an authorization header, say). */
const SECRET_VARIABLE_PREFIXES: readonly string[] = ['TEMPORAL_GRPC_META_'];

/** Whether `name` is one of Sluice's secrets; case is ignored, so `database_url` is one too. */
export function isSecretVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    SECRET_VARIABLES.includes(upper) || SECRET_VARIABLE_PREFIXES.some((prefix) => upper.startsWith(prefix))
  );
}
