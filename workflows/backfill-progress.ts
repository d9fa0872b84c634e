// A backfill's partition table: counts kept as partitions change, so each update costs O(1) at 10,000 keys.
import { setCurrentDetails, setHandler } from '@temporalio/workflow';
import { backfillStatusQuery } from '../core/backfill/backfill-messages';
import type {
  BackfillCarry,
  BackfillCounts,
  BackfillInput,
  BackfillPartition,
  BackfillResult,
  BackfillStatus,
  PartitionRunStatus,
} from '../core/backfill/backfill-types';
import { pauseSignal, resumeSignal } from '../core/run/messages';
import { backfillDetails } from './backfill-details';

const STATUSES: PartitionRunStatus[] = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'already_running',
  'cancelled',
];

export class BackfillProgress {
  paused: boolean;
  private partitions: BackfillPartition[];
  private readonly continuations: number;
  private readonly counts = new Map<PartitionRunStatus, number>(STATUSES.map((s) => [s, 0]));
  private readonly running = new Set<string>();
  private failures: BackfillPartition[] = [];
  private cursor = 0;

  /** Registers the query and the pause/resume signals at once, so they work from the first moment. */
  constructor(private readonly input: BackfillInput) {
    this.paused = input.carried?.paused ?? false;
    this.continuations = input.carried?.continuations ?? 0;
    this.partitions = [];
    this.load(input.carried?.partitions ?? []);
    setHandler(backfillStatusQuery, () => this.status());
    setHandler(pauseSignal, () => this.setPaused(true));
    setHandler(resumeSignal, () => this.setPaused(false));
  }

  /** The range to work through; partitions that already succeeded are skipped. */
  plan(keys: string[], succeeded: ReadonlySet<string>): void {
    this.load(
      keys.map((key) =>
        succeeded.has(key)
          ? { key, status: 'skipped', note: 'its latest run succeeded (force re-runs it)' }
          : { key, status: 'pending' },
      ),
    );
  }

  count(status: PartitionRunStatus): number {
    return this.counts.get(status) ?? 0;
  }

  /** The first partition not started yet, in range order. */
  nextPending(): BackfillPartition | undefined {
    while (this.cursor < this.partitions.length && this.partitions[this.cursor]?.status !== 'pending') {
      this.cursor += 1;
    }
    return this.partitions[this.cursor];
  }

  set(partition: BackfillPartition, status: PartitionRunStatus, note?: string): void {
    this.counts.set(partition.status, this.count(partition.status) - 1);
    this.counts.set(status, this.count(status) + 1);
    if (status === 'running') this.running.add(partition.key);
    else this.running.delete(partition.key);
    if (status === 'failed') this.failures.push(partition);
    partition.status = status;
    if (note === undefined) delete partition.note;
    else partition.note = note;
    this.publish();
  }

  status(): BackfillStatus {
    return {
      ...this.header(),
      paused: this.paused,
      continuations: this.continuations,
      partitions: this.partitions.map((p) => ({ ...p })),
    };
  }

  result(): BackfillResult {
    return {
      ...this.header(),
      failedPartitions: this.failures.map((p) => ({ ...p })),
      alreadyRunningPartitions: this.partitions
        .filter((p) => p.status === 'already_running')
        .map((p) => p.key),
    };
  }

  carry(): BackfillCarry {
    return { partitions: this.partitions, paused: this.paused, continuations: this.continuations + 1 };
  }

  /** The UI's current details: counts, what runs now, and the latest failures. */
  publish(): void {
    setCurrentDetails(backfillDetails(this.header(), this.paused, [...this.running], this.failures));
  }

  private header(): BackfillCounts & Pick<BackfillStatus, 'pipeline' | 'from' | 'to'> {
    return {
      pipeline: this.input.pipeline,
      from: this.input.from,
      to: this.input.to,
      total: this.partitions.length,
      done: this.count('succeeded'),
      skipped: this.count('skipped'),
      failed: this.count('failed'),
      running: this.count('running'),
      pending: this.count('pending'),
      alreadyRunning: this.count('already_running'),
      cancelled: this.count('cancelled'),
    };
  }

  private load(partitions: BackfillPartition[]): void {
    this.partitions = partitions;
    this.failures = partitions.filter((p) => p.status === 'failed');
    this.cursor = 0;
    for (const status of STATUSES) this.counts.set(status, 0);
    for (const p of partitions) this.counts.set(p.status, this.count(p.status) + 1);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.publish();
  }
}
