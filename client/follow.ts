// Follows a workflow to its end: reads its progress at an interval and hands each reading on, until its result settles.

export interface FollowOptions<P> {
  /** Called with each reading while the workflow runs; without it nothing is read, only the end awaited. */
  onProgress?: (progress: P) => void;
  /** Milliseconds between readings; default 500. */
  intervalMs?: number;
}

export const DEFAULT_FOLLOW_INTERVAL_MS = 500;

/**
 * Resolves or rejects as `result` does. Until then, reads progress at once and every `intervalMs`; a reading
 * that fails (a query while no worker serves, say) is skipped, and none is handed on after the end.
 * @example const summary = await follow(handle.result(), () => handle.query(statusQuery), { onProgress: print });
 */
export async function follow<R, P>(
  result: Promise<R>,
  read: () => Promise<P>,
  { onProgress, intervalMs = DEFAULT_FOLLOW_INTERVAL_MS }: FollowOptions<P> = {},
): Promise<R> {
  let ended = false;
  const settled = result.then(
    () => (ended = true),
    () => (ended = true),
  );
  while (onProgress && !ended) {
    const reading = await read().then(
      (progress) => ({ progress }),
      () => undefined,
    );
    if (ended) break;
    if (reading) onProgress(reading.progress);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, intervalMs)))]);
    clearTimeout(timer);
  }
  return result;
}
