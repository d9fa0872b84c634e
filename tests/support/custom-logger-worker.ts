// A worker process that gives runWorker a logger of its own (no pino): every line it receives, printed as JSON.
import type { SluiceLogger } from '../../runtime/logger';
import { runWorker } from '../../workers/run-worker';
import { exampleCatalog, EXAMPLE_DIR } from './example-project';

/** The shape of each printed line; `bindings` holds what `child` added. */
export interface RecordedLine {
  recordedBy: 'custom-logger';
  level: string;
  message: string;
  bindings: Record<string, unknown>;
  fields: Record<string, unknown>;
}

function recordingLogger(bindings: Record<string, unknown>): SluiceLogger {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      const line: RecordedLine = { recordedBy: 'custom-logger', level, message, bindings, fields };
      process.stdout.write(
        `${JSON.stringify(line, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}\n`,
      );
    };
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger({ ...bindings, ...more }),
  };
}

exampleCatalog()
  .then((catalog) =>
    runWorker({ env: process.env, catalog, baseDir: EXAMPLE_DIR, logger: recordingLogger({}) }),
  )
  .catch((err: unknown) => {
    process.stderr.write(`custom-logger-worker: ${(err as Error).message}\n`);
    process.exit(1);
  });
