// `sluice/worker`: run a Sluice worker, or embed one in an application's own process with its own logger.
export { createSluiceWorker, WORKFLOWS_PATH, type SluiceWorkerOptions } from './worker';
export { runWorker, type RunWorkerOptions } from './run-worker';
export { installRuntime, type RuntimeSettings } from './runtime';
export { createLogger, type LogMethod, type SluiceLogger } from '../runtime/logger';
export { migrate, type MigrationResult } from '../activities/db/migrate';
export { KeyRing } from '../runtime/codec/key-ring';
export { ENCRYPTED_FAILURE_CONVERTER_PATH } from '../runtime/codec/data-converter';
