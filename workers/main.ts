// Worker entry point: configuration from the environment, then poll until SIGTERM or SIGINT.
import { ConfigError } from '../runtime/parse-env';
import { runWorker } from './run-worker';

runWorker(process.env).catch((err: unknown) => {
  process.stderr.write(`sluice worker: ${(err as Error).message}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
