// `--wait` and `watch`: shows a followed workflow's progress, redrawn in place on a terminal, as plain lines otherwise.
import type { FollowOptions } from '../client/follow';
import { terminalLook, type TerminalLook } from './terminal-look';

/** What one reading shows: the whole picture (redrawn on a terminal) and what changed since the last (a log line each). */
export interface ProgressView {
  frame: string;
  changes: string[];
}

export interface FollowLiveOptions<P, R> {
  /** Show nothing while waiting (for --json). */
  quiet: boolean;
  out: NodeJS.WritableStream & { isTTY?: boolean };
  /** The reading the end holds (a run's final table), so the plain log also shows the last changes. */
  last?: (end: PromiseSettledResult<R>) => P | undefined;
}

const erase = (lines: number) => (lines > 0 ? `\x1b[${lines}F\x1b[J` : '');

/**
 * Runs `watch` (a sub-client's watch) with a progress handler that renders each reading with `view`. On a terminal
 * the last frame is erased at the end, so the final table the command prints takes its place.
 */
export async function followLive<P, R>(
  watch: (options: FollowOptions<P>) => Promise<R>,
  view: (progress: P, look: TerminalLook) => ProgressView,
  { quiet, out, last }: FollowLiveOptions<P, R>,
): Promise<R> {
  if (quiet) return watch({});
  const look = terminalLook(out);
  let drawn = 0;
  const show = (progress: P) => {
    const { frame, changes } = view(progress, look);
    if (look.live) {
      out.write(`${erase(drawn)}${frame}\n`);
      drawn = frame.split('\n').length;
    } else {
      for (const line of changes) out.write(`${new Date().toISOString()} ${line}\n`);
    }
  };
  const [end] = await Promise.allSettled([watch({ onProgress: show })]);
  if (look.live) out.write(erase(drawn));
  else {
    const final = last?.(end);
    if (final !== undefined) show(final);
  }
  if (end.status === 'rejected') throw end.reason;
  return end.value;
}
