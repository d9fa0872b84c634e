// A project's task queue and namespace as defaults under the environment: a variable that is set still wins, and a
// config that names no namespace leaves it to the connection (a Temporal profile's, else `default`).
import type { ResolvedConfig } from './load-project';

export function projectEnv(
  env: NodeJS.ProcessEnv,
  config: Pick<ResolvedConfig, 'taskQueue' | 'namespace'>,
): NodeJS.ProcessEnv {
  return {
    SLUICE_TASK_QUEUE: config.taskQueue,
    ...(config.namespace ? { TEMPORAL_NAMESPACE: config.namespace } : {}),
    ...env,
  };
}
