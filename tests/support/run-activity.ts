// Runs an activity function in a mock activity context (real I/O, no worker), keeping its types.
import { MockActivityEnvironment } from '@temporalio/testing';

/** Calls `fn` as an activity would be called; pass `env` to reuse one (to cancel it, say). */
export function runActivity<F extends (...args: never[]) => Promise<unknown>>(
  fn: F,
  args: Parameters<F>,
  env = new MockActivityEnvironment(),
): ReturnType<F> {
  return env.run(fn as never, ...(args as never[])) as ReturnType<F>;
}
