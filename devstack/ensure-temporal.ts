// Makes sure a Temporal CLI is available (building it once if needed) and prints where it came from.
import { resolveTemporal } from './temporal-binary';
import { goInstallTemporal } from './go-install';
import { isExecutable } from './is-executable';

const say = (message: string) => process.stdout.write(`${message}\n`);

resolveTemporal({
  env: process.env,
  isExecutable,
  goInstall: (gobin) => goInstallTemporal(gobin, say),
  progress: say,
})
  .then((resolved) => {
    const where =
      resolved.executable.type === 'existing-path' ? resolved.executable.path : 'SDK download at start';
    say(`Temporal CLI: ${where} (via ${resolved.route})`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`sluice: ${(err as Error).message}\n`);
    process.exit(1);
  });
