// Test pipelines for the workflow tests: shapes that exercise the DAG interpreter, with scripted activities.
import { definePipeline, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import type { FetchStep, StepDefinition } from '../../core/pipeline/step-definitions';

const source = { kind: 'file', path: 'unused.csv', format: 'csv' } as const;

/** A fetch step reading nothing real: the scripted worker decides what it does. */
export const step = (id: string, extra: Partial<FetchStep> = {}): FetchStep => ({
  kind: 'fetch',
  id,
  source,
  ...extra,
});

export const pipeline = (name: string, steps: StepDefinition[], extra: Partial<PipelineDefinition> = {}) =>
  definePipeline({ name, description: `test pipeline ${name}`, owner: 'tests', steps, ...extra });

const daily = { kind: 'daily', start: '2026-01-01' } as const;

const fast = { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 3 } as const;

export const testPipelines = [
  /** a → (b, c) → d */
  pipeline('diamond', [
    step('a'),
    step('b', { needs: ['a'] }),
    step('c', { needs: ['a'] }),
    step('d', { needs: ['b', 'c'] }),
  ]),
  pipeline(
    'diamond_serial',
    [step('a'), step('b', { needs: ['a'] }), step('c', { needs: ['a'] }), step('d', { needs: ['b', 'c'] })],
    { maxParallel: 1 },
  ),
  pipeline('flaky', [step('flaky_step', { retry: fast })]),
  /** a fails; b needs a; c is independent */
  pipeline('failing', [step('a', { retry: fast }), step('b', { needs: ['a'] }), step('c')]),
  pipeline('two_steps', [step('first'), step('second', { needs: ['first'] })]),
  /** a parks on failure; b needs a (order only); c reads a's dataset */
  pipeline('parking', [
    step('a', { onFailure: 'wait', retry: { maximumAttempts: 1 } }),
    step('b', { needs: ['a'] }),
    {
      kind: 'load',
      id: 'c',
      input: 'a',
      target: { table: 't', mode: 'append', columns: [{ name: 'x', type: 'text' }] },
    },
  ]),
  pipeline('gated', [
    step('a'),
    { kind: 'gate', id: 'approve_a', needs: ['a'] },
    step('b', { needs: ['approve_a'] }),
  ]),
  pipeline('gate_timeout_reject', [
    { kind: 'gate', id: 'g', timeout: '300ms' },
    step('after', { needs: ['g'] }),
  ]),
  pipeline('gate_timeout_approve', [
    { kind: 'gate', id: 'g', timeout: '300ms', onTimeout: 'approve' },
    step('after', { needs: ['g'] }),
  ]),
  pipeline('long', [step('slow', { timeouts: { heartbeat: '2s' } })]),
  pipeline(
    'replacing_daily',
    [
      step('fetch_day'),
      {
        kind: 'load',
        id: 'load_day',
        input: 'fetch_day',
        target: {
          table: 't_day',
          mode: 'replace-partition',
          partitionColumn: 'day',
          columns: [{ name: 'day', type: 'date' }],
        },
      },
    ],
    { partitions: daily },
  ),
  /** One step per daily partition: what backfills run. */
  pipeline('daily_one', [step('work', { retry: fast, timeouts: { heartbeat: '2s' } })], {
    partitions: daily,
  }),
];

export const testCatalog = new Map(testPipelines.map((p) => [p.name, p]));
