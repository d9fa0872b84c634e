// Runs still going, read from Temporal's visibility at scrape time: how many per status, the oldest, the longest wait.
import type { Client } from '@temporalio/client';
import { statusQuery } from '../../core/run/messages';
import type { RunState } from '../../core/run/run-state';
import { SluicePipeline, SluiceStatus } from '../../core/run/search-attributes';
import { gauge, type MetricFamily, type Sample } from './exposition';

/** Scrapes read at most this many open runs, and ask at most this many waiting ones since when they wait. */
const MAX_RUNS = 1000;
const MAX_WAITING_QUERIES = 50;

/** When the run began to wait: its gate's start, or its parked step's failure; undefined when it no longer waits. */
export function waitingSince(state: RunState): number | undefined {
  const since = state.steps.flatMap((step) => {
    const at =
      step.status === 'waiting' ? step.startedAt : step.status === 'parked' ? step.endedAt : undefined;
    return at ? [Date.parse(at)] : [];
  });
  return since.length ? Math.min(...since) : undefined;
}

export async function inProgressMetrics(client: Client, now = Date.now()): Promise<MetricFamily[]> {
  const counts = new Map<string, Sample>();
  const oldest = new Map<string, number>();
  const waiting: { pipeline: string; workflowId: string; runId: string }[] = [];
  let seen = 0;
  for await (const run of client.workflow.list({
    query: "WorkflowType = 'runPipeline' AND ExecutionStatus = 'Running'",
  })) {
    const pipeline = run.typedSearchAttributes.get(SluicePipeline);
    if (pipeline === undefined) continue;
    const status = run.typedSearchAttributes.get(SluiceStatus) ?? 'running';
    const key = `${pipeline}\n${status}`;
    const sample = counts.get(key) ?? { labels: { pipeline, status }, value: 0 };
    counts.set(key, { ...sample, value: sample.value + 1 });
    oldest.set(pipeline, Math.min(oldest.get(pipeline) ?? Infinity, run.startTime.getTime()));
    if (status === 'waiting') waiting.push({ pipeline, workflowId: run.workflowId, runId: run.runId });
    if (++seen >= MAX_RUNS) break;
  }
  const longestWait = new Map<string, number>();
  for (const run of waiting.slice(0, MAX_WAITING_QUERIES)) {
    // A run that cannot answer now (its worker busy, say) is left out of this scrape rather than failing it.
    const state = await client.workflow
      .getHandle(run.workflowId, run.runId)
      .query(statusQuery)
      .catch(() => undefined);
    const since = state && waitingSince(state);
    if (since !== undefined)
      longestWait.set(run.pipeline, Math.max(longestWait.get(run.pipeline) ?? 0, (now - since) / 1000));
  }
  const perPipeline = (values: Map<string, number>) =>
    [...values].map(([pipeline, value]) => ({ labels: { pipeline }, value }));
  return [
    gauge('sluice_runs_in_progress', 'Runs not yet ended, by status (running, paused, waiting).', [
      ...counts.values(),
    ]),
    gauge(
      'sluice_run_oldest_in_progress_seconds',
      'How long the oldest run not yet ended has been going.',
      perPipeline(new Map([...oldest].map(([pipeline, start]) => [pipeline, (now - start) / 1000]))),
    ),
    gauge(
      'sluice_run_longest_waiting_seconds',
      'How long the run waiting longest for an operator (a parked step or a gate) has waited.',
      perPipeline(longestWait),
    ),
  ];
}
