// `npm start`: the dev stack, a worker, one run of the example pipeline, then serve until Ctrl-C.
import { parseArgs } from 'node:util';
import { ConfigError } from '../workers/config';
import { runDev } from './run-dev';

const { values } = parseArgs({ options: { once: { type: 'boolean', default: false } } });

runDev({ once: values.once }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`sluice: ${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
