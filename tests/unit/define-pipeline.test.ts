// definePipeline refuses every invalid definition before anything runs, naming the pipeline and the step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlan } from '../../core/pipeline/build-plan';
import { definePipeline, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import { DefinitionError } from '../../core/pipeline/definition-error';
import type { StepDefinition } from '../../core/pipeline/step-definitions';
import { stagingTableName } from '../../activities/staging/staging-name';

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

test('partitions and schedule are checked: time zones, start, values, cron, policies, offset', () => {
  const found = problems({
    partitions: { kind: 'daily', start: '2026-1-1', timezone: 'Europe/Berln' },
    schedule: {
      cron: ['0 2 * * *', '0 25 * * *'],
      timezone: 'Mars/Base',
      overlap: 'sometimes' as never,
      catchupWindow: '1s',
    },
  }).join('\n');
  assert.match(found, /partitions.timezone "Europe\/Berln" is not an IANA time zone/);
  assert.match(found, /schedule.cron "0 25 \* \* \*": hour 25 is outside 0-23/);
  assert.match(found, /schedule.timezone "Mars\/Base" is not an IANA time zone/);
  assert.match(found, /schedule.overlap "sometimes" is unknown; use skip, buffer_one, buffer_all/);
  assert.match(found, /schedule.catchupWindow "1s" must be a duration of at least 10s/);
  assert.doesNotMatch(found, /0 2 \* \* \*/);
  assert.deepEqual(problems({ partitions: { kind: 'daily', start: '2026-1-1' } }), [
    'partitions.start: "2026-1-1" is not a key of daily partitions: they look like 2026-11-01 (YYYY-MM-DD)',
  ]);
  assert.deepEqual(problems({ partitions: { kind: 'static', values: ['eu', 'EU West', 'eu'] } }), [
    'partitions.values: "EU West" must be lower case letters, digits, _ or -, start with a letter or digit and be at most 63 characters',
    'partitions.values: "eu" is listed twice',
  ]);
  assert.match(
    problems({ partitions: { kind: 'static', values: ['eu'] }, schedule: { cron: '@daily' } }).join(),
    /static partitions do not have/,
  );
  assert.deepEqual(problems({ schedule: { cron: '@daily', partitionOffset: -1 } }), [
    'schedule.partitionOffset needs partitions: the pipeline declares none',
  ]);
  assert.match(
    problems({ partitions: { kind: 'weekly', start: '2026-01-01' } as never }).join(),
    /partitions.kind "weekly" is unknown/,
  );
});

test('the plan carries the partition spec and the scheduled partition offset', () => {
  const partitions = { kind: 'daily', start: '2026-01-01' } as const;
  const scheduled = definePipeline({
    ...base,
    steps: [fetch('a')],
    partitions,
    schedule: { cron: '0 2 * * *' },
  });
  assert.deepEqual(buildPlan(scheduled, 'h').partitions, partitions);
  assert.equal(buildPlan(scheduled, 'h').scheduledPartitionOffset, -1);
  const shifted = definePipeline({ ...scheduled, schedule: { cron: '0 2 * * *', partitionOffset: 0 } });
  assert.equal(buildPlan(shifted, 'h').scheduledPartitionOffset, 0);
  const plain = buildPlan(definePipeline({ ...base, steps: [fetch('a')] }), 'h');
  assert.equal('partitions' in plain, false);
});

test('step ids that would share a staging table are refused, naming both; ids that differ within the kept part pass', () => {
  const stem = `fetch_orders_${'x'.repeat(36)}`; // 49 characters: all a staging table name keeps of an id
  const [first, second] = [`${stem}_eu`, `${stem}_us`];
  assert.equal(
    stagingTableName('wf', 'run', first),
    stagingTableName('wf', 'run', second),
    'the ids share a staging table',
  );
  assert.deepEqual(problems({ steps: [fetch(first), fetch('b'), fetch(second)] }), [
    `steps "${first}" and "${second}" would share a staging table: its name keeps only the first 49 characters of a step id ("${stem}"); make the ids differ within them`,
  ]);
  const apart = [`${stem.slice(0, -1)}a_eu`, `${stem.slice(0, -1)}b_eu`];
  assert.notEqual(
    stagingTableName('wf', 'run', apart[0] as string),
    stagingTableName('wf', 'run', apart[1] as string),
  );
  assert.deepEqual(problems({ steps: apart.map((id) => fetch(id)) }), []);
});

test("a validate step's coerce option is a boolean beside a zod schema", () => {
  const validate = (id: string, contract: object): StepDefinition =>
    ({ kind: 'validate', id, input: 'a', contract }) as StepDefinition;
  const found = problems({
    steps: [
      fetch('a'),
      validate('v1', { schema: {}, coerce: 'yes' }),
      validate('v2', { file: 'contracts/x.yml', coerce: true }),
      validate('v3', { schema: {}, coerce: true }),
    ],
  });
  assert.deepEqual(found, [
    'step "v1": contract.coerce must be true or false, got "yes"',
    'step "v2": contract.coerce goes with a zod schema; a contract file says coerce: true in the file',
  ]);
});
