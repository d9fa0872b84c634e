// Opens the worker's database at start (pool, migrations, staging sweep), waiting with backoff while it cannot be reached.
import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate } from '../activities/db/migrate';
import { retryability } from '../activities/retryability';
import { sweepStaging } from '../activities/staging/staging-sweeper';
import { openPool } from '../runtime/open-pool';
import type { SluiceLogger } from '../runtime/logger';

export interface PrepareDatabaseOptions {
  url: string;
  connections: number;
  stagingMaxAgeHours: number;
  /** Give up after this many seconds of failed attempts; 0 fails at the first; undefined waits on. */
  waitSeconds: number | undefined;
  logger: SluiceLogger;
}

const FIRST_DELAY_MS = 1000;
const LONGEST_DELAY_MS = 30_000;

async function prepareOnce(options: PrepareDatabaseOptions): Promise<Pool> {
  const pool = await openPool(options.url, options.connections);
  try {
    const migrations = await migrate(pool);
    options.logger.info({ applied: migrations.applied }, 'database schema up to date');
    const sweep = await sweepStaging(pool, options.stagingMaxAgeHours);
    options.logger.info(
      { dropped: sweep.dropped.length, kept: sweep.kept, swept: sweep.swept, previewRows: sweep.previewRows },
      'staging swept',
    );
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/**
 * The worker's pool with migrations applied and stale staging swept. A failure a retry may fix (PostgreSQL
 * down, starting, restarting) is logged and tried again with backoff; any other, or one past the wait, throws.
 */
export async function prepareDatabase(options: PrepareDatabaseOptions): Promise<Pool> {
  const started = Date.now();
  const waitMs = options.waitSeconds === undefined ? Infinity : options.waitSeconds * 1000;
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, LONGEST_DELAY_MS)) {
    try {
      return await prepareOnce(options);
    } catch (err) {
      if (retryability(err) !== 'transient' || Date.now() - started + delay > waitMs) throw err;
      options.logger.warn(
        { retryInSeconds: delay / 1000, error: (err as Error).message },
        'PostgreSQL cannot be reached yet; the worker retries (SLUICE_DATABASE_WAIT_SECONDS=0 exits instead)',
      );
      await sleep(delay);
    }
  }
}
