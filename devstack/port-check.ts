// Refuses a port that is already taken, naming the variable that moves it.
import net from 'node:net';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** Resolves when `port` on `host` can be bound; otherwise names the port and the variable to change. */
export function assertPortFree(
  port: number,
  variable: string,
  what: string,
  host = '127.0.0.1',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} (${what}) is already in use; set ${variable} to a free port`)
          : err,
      ),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A port the OS reports free right now, other than those in `taken`. */
export async function freePort(taken: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = await ephemeralPort();
    if (!taken.includes(port)) return port;
  }
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A free port from `low` to `high` (both included), other than those in `taken`. */
export async function freePortBetween(
  low: number,
  high: number,
  taken: readonly number[] = [],
): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (taken.includes(port)) continue;
    const free = await assertPortFree(port, '', '').then(
      () => true,
      () => false,
    );
    if (free) return port;
  }
  throw new Error(`no free port from ${low} to ${high}; free some and retry`);
}
