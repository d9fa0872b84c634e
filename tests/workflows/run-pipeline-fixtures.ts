// The run-pipeline tests' helpers: start a test pipeline on the scripted worker, wait on its status, time its steps.
import assert from 'node:assert/strict';
import type { WorkflowHandle } from '@temporalio/client';
import { startRun } from '../../client/start-run';
import { statusQuery } from '../../core/run/messages';
import type { RunState } from '../../core/run/run-state';
import type { runPipeline } from '../../workflows';
import { busyFor, tenRows, type ScriptedWorker } from '../support/scripted-worker';
import type { TestStack } from '../support/test-stack';

export type Run = WorkflowHandle<typeof runPipeline>;
export const status = (run: Run) => run.query(statusQuery);
export const stepOf = (state: RunState, id: string) => state.steps.find((s) => s.id === id);

export async function until(
  run: Run,
  predicate: (state: RunState) => boolean,
  what: string,
): Promise<RunState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await status(run);
    if (predicate(state)) return state;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The message a rejected update or failed run carries in its cause (what the CLI shows). */
export async function causeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e as Error,
  );
  return String((err.cause as Error | undefined)?.message ?? err.message);
}

export const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

/** The helpers that use the file's stack and scripted worker (from useScriptedWorker). */
export function runPipelineHelpers(harness: { stack: TestStack; worker: ScriptedWorker }) {
  const start = (pipeline: string, partition?: string) =>
    startRun(harness.stack.temporal.client, {
      pipeline,
      trigger: 'manual',
      taskQueue: harness.worker.taskQueue,
      ...(partition ? { partition } : {}),
    });

  /** Records when each step of a pipeline ran, each taking `ms`. */
  function recordIntervals(pipeline: string, steps: string[], ms: number) {
    const intervals = new Map<string, [number, number]>();
    for (const id of steps) {
      harness.worker.scripts.set(`${pipeline}/${id}`, async () => {
        const began = Date.now();
        await busyFor(ms);
        intervals.set(id, [began, Date.now()]);
        return tenRows({} as never, 1);
      });
    }
    return intervals;
  }

  return { start, recordIntervals };
}
