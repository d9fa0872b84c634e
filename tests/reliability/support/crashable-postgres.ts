// A private PostgreSQL a test can take away at any moment (an immediate stop, as a crash) and bring back.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type PostgresHandle } from '../../../devstack/embedded-postgres';
import { freePort } from '../../../devstack/port-check';
import { migrate } from '../../../activities/db/migrate';
import { openPool } from '../../../runtime/open-pool';

export interface CrashablePostgres {
  url: string;
  /** Stops the server the way a crash does (SIGQUIT: no checkpoint, so recovery empties UNLOGGED tables). */
  crash(): Promise<void>;
  /** Starts it again on the same data and port, once crash recovery has run. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The postmaster's process id: the first line of its postmaster.pid. */
async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

export async function startCrashablePostgres(): Promise<CrashablePostgres> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-crashable-'));
  const options = { dataDir: path.join(home, 'postgres'), port: await freePort(), log: () => undefined };
  let server: PostgresHandle | undefined = await startPostgres(options);
  const pool = await openPool(server.url, 1);
  await migrate(pool);
  await pool.end();
  return {
    url: server.url,
    crash: async () => {
      const running = server;
      if (!running) throw new Error('PostgreSQL is already down');
      process.kill(await postmasterPid(options.dataDir), 'SIGQUIT');
      server = undefined;
      await running.stop(); // waits for the exit (its SIGINT comes after the immediate stop began)
    },
    restart: async () => {
      if (server) throw new Error('PostgreSQL is already up');
      server = await startPostgres(options);
    },
    stop: async () => {
      await server?.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
