// Reads sluice.runs for backfills: which partitions of a pipeline already hold a successful run.
import type { Pool } from 'pg';

export function createPartitionRuns(pool: Pool) {
  /**
   * The given partitions whose latest run succeeded, whoever started it (a backfill, a person by partition,
   * or a Schedule, whose run ids differ). A partition whose latest run failed or still runs is not listed;
   * previews are not runs of their partition here.
   */
  async function succeededPartitions(input: { pipeline: string; partitions: string[] }): Promise<string[]> {
    const { rows } = await pool.query<{ partition_key: string }>(
      `SELECT partition_key FROM (
         SELECT DISTINCT ON (partition_key) partition_key, status FROM sluice.runs
         WHERE pipeline = $1 AND partition_key = ANY($2::text[]) AND NOT preview
         ORDER BY partition_key, started_at DESC
       ) latest
       WHERE status = 'succeeded'`,
      [input.pipeline, input.partitions],
    );
    return rows.map((row) => row.partition_key);
  }

  return { succeededPartitions };
}
