// definePipeline refuses every invalid definition before anything runs, naming the pipeline and the step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlan } from '../../core/build-plan';
import { definePipeline, type PipelineDefinition } from '../../core/define-pipeline';
import { DefinitionError } from '../../core/definition-error';
import type { StepDefinition } from '../../core/step-definitions';

const source = { kind: 'file', path: 'x.csv', format: 'csv' } as const;
const fetch = (id: string, extra: object = {}): StepDefinition => ({ kind: 'fetch', id, source, ...extra });
const base = { name: 'orders', description: 'd', owner: 'o' };

function problems(definition: Partial<PipelineDefinition>): string[] {
  try {
    definePipeline({ ...base, steps: [fetch('a')], ...definition } as PipelineDefinition);
  } catch (err) {
    assert.ok(err instanceof DefinitionError);
    assert.match(err.message, new RegExp(`pipeline "${definition.name ?? 'orders'}" is invalid`));
    return [...err.problems];
  }
  return [];
}

test('a valid definition passes and plans in dependency order', () => {
  const definition = definePipeline({
    ...base,
    steps: [fetch('c', { needs: ['b'] }), fetch('b', { needs: ['a'] }), fetch('a')],
  });
  const plan = buildPlan(definition, 'hash');
  assert.deepEqual(
    plan.steps.map((s) => s.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(plan.steps[0]?.retry.maximumAttempts, 5);
  assert.equal(plan.maxParallel, 4);
});

test('a cycle is refused and named', () => {
  const found = problems({
    steps: [fetch('a', { needs: ['c'] }), fetch('b', { needs: ['a'] }), fetch('c', { needs: ['b'] })],
  });
  assert.deepEqual(found, ['steps form a cycle: a -> c -> b -> a']);
});

test('duplicate ids, unknown and self references are each named', () => {
  const found = problems({ steps: [fetch('a'), fetch('a'), fetch('b', { needs: ['ghost', 'b'] })] });
  assert.ok(found.includes('step "a" is defined twice; step ids must be unique'));
  assert.ok(found.includes('step "b" depends on unknown step "ghost"'));
  assert.ok(found.includes('step "b" depends on itself'));
});

test('invalid names, retry and timeout values are refused with the field', () => {
  const found = problems({
    name: 'Bad-Name',
    steps: [
      fetch('Fetch Orders', {
        retry: { maximumAttempts: 0, backoffCoefficient: 0.5, initialInterval: 'soon' },
        timeouts: { startToClose: '-1s' },
      }),
    ],
    maxParallel: 0,
  });
  const text = found.join('\n');
  assert.match(text, /name "Bad-Name" must be lower snake case/);
  assert.match(text, /step id "Fetch Orders" must be lower snake case/);
  assert.match(text, /retry.maximumAttempts must be a whole number of at least 1, got 0/);
  assert.match(text, /retry.backoffCoefficient must be at least 1, got 0.5/);
  assert.match(text, /retry.initialInterval "soon" is not a positive duration/);
  assert.match(text, /timeouts.startToClose "-1s" is not a positive duration/);
  assert.match(text, /maxParallel must be a whole number of at least 1, got 0/);
});

test('description, owner and steps are required', () => {
  const found = problems({ description: ' ', owner: '', steps: [] });
  assert.deepEqual(found, [
    'description is required: say what the pipeline produces',
    'owner is required: a team or person to contact',
    'steps must list at least one step',
  ]);
});

test('kind-specific problems name the step: load target, gate, transform, unknown kind', () => {
  const found = problems({
    steps: [
      fetch('a'),
      {
        kind: 'load',
        id: 'l',
        input: 'a',
        target: { table: 'x;drop', mode: 'merge', columns: [{ name: 'id', type: 'bigint' }] },
      },
      { kind: 'gate', id: 'g', timeout: 'never' },
      { kind: 'transform', id: 't', inputs: [] } as unknown as StepDefinition,
      { kind: 'teleport', id: 'z' } as unknown as StepDefinition,
    ],
  }).join('\n');
  assert.match(found, /step "l": target.table "x;drop" must be lower snake case/);
  assert.match(found, /step "l": target.key is required for mode "merge"/);
  assert.match(found, /step "g": timeout "never" is not a positive duration/);
  assert.match(found, /step "t": inputs must name at least one step/);
  assert.match(found, /step "z": unknown step kind "teleport"/);
});

test('plans carry inputs apart from order-only needs, and gate settings', () => {
  const definition = definePipeline({
    ...base,
    steps: [
      fetch('a'),
      { kind: 'gate', id: 'g', needs: ['a'], timeout: '2h', onTimeout: 'approve' },
      {
        kind: 'load',
        id: 'l',
        input: 'a',
        needs: ['g'],
        onFailure: 'wait',
        target: { table: 't', mode: 'append', columns: [{ name: 'x', type: 'text' }] },
      },
    ],
  });
  const plan = buildPlan(definition, 'h');
  const load = plan.steps.find((s) => s.id === 'l');
  assert.deepEqual(load?.needs.sort(), ['a', 'g']);
  assert.deepEqual(load?.inputs, ['a']);
  assert.equal(load?.onFailure, 'wait');
  assert.deepEqual(plan.steps.find((s) => s.id === 'g')?.gate, {
    timeoutMs: 7_200_000,
    onTimeout: 'approve',
  });
});
