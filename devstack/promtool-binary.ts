// Finds promtool, which checks and unit-tests deploy/prometheus/alerts.yml: env var, PATH, then the versioned cache.
import path from 'node:path';
import type { GoTool } from './go-install';
import { sluiceCacheDir } from './temporal-binary';

/** v0.300.0 and earlier cannot be `go install`ed: their go.mod carries exclude directives. */
export const PROMTOOL: GoTool = {
  label: 'promtool',
  module: 'github.com/prometheus/prometheus/cmd/promtool',
  version: 'v0.316.0',
  binary: 'promtool',
};

/** `~/.cache/sluice/promtool-v0.316.0/bin`, beside the Temporal CLI's. */
export function promtoolCacheBin(env: NodeJS.ProcessEnv): string {
  return path.join(sluiceCacheDir(env), `promtool-${PROMTOOL.version}`, 'bin');
}

/** The promtool to run, or undefined when there is none yet (ensure-promtool builds one into the cache). */
export function findPromtool(
  env: NodeJS.ProcessEnv,
  isExecutable: (file: string) => boolean,
): string | undefined {
  if (env.SLUICE_PROMTOOL_BIN) {
    if (isExecutable(env.SLUICE_PROMTOOL_BIN)) return env.SLUICE_PROMTOOL_BIN;
    throw new Error(
      `SLUICE_PROMTOOL_BIN=${env.SLUICE_PROMTOOL_BIN} is not an executable file; point it at promtool or unset it`,
    );
  }
  const candidates = [
    ...(env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, 'promtool')),
    path.join(promtoolCacheBin(env), 'promtool'),
  ];
  return candidates.find((file) => isExecutable(file));
}
