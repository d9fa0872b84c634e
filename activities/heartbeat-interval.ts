// How often an activity heartbeats while it waits (on a source, a lock, a long statement), so waiting never looks like a dead worker.

/** Every 2 s (the SDK throttles what reaches the server), and at least three times per heartbeat timeout. */
export function heartbeatIntervalMs(heartbeatTimeoutMs: number | undefined): number {
  return Math.max(50, Math.min(2_000, (heartbeatTimeoutMs ?? Number.POSITIVE_INFINITY) / 3));
}
