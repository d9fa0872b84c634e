// Stops a client's running statement when the activity is cancelled, so PostgreSQL does not work on for nobody.
import type { Pool, PoolClient } from 'pg';

/**
 * Arms the cancel for `client`. Await the returned function before releasing the client: a cancel still
 * on its way could otherwise stop the statement of whoever takes the connection next.
 */
export async function cancelOnAbort(
  pool: Pool,
  client: PoolClient,
  signal: AbortSignal,
): Promise<() => Promise<void>> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]?.pid;
  let sent: Promise<unknown> | undefined;
  // Another connection asks: the client's own is busy with the statement to cancel.
  const cancel = () => {
    sent = pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  };
  signal.throwIfAborted();
  signal.addEventListener('abort', cancel, { once: true });
  return async () => {
    signal.removeEventListener('abort', cancel);
    await sent;
  };
}
