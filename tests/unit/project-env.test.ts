// A project's task queue and namespace are defaults: SLUICE_TASK_QUEUE and TEMPORAL_NAMESPACE still win.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectEnv } from '../../project/project-env';

const config = { taskQueue: 'analytics', namespace: 'data' };

test('without the variables, the project says', () => {
  const env = projectEnv({ TEMPORAL_ADDRESS: 'temporal:7233' }, config);
  assert.deepEqual(env, {
    SLUICE_TASK_QUEUE: 'analytics',
    TEMPORAL_NAMESPACE: 'data',
    TEMPORAL_ADDRESS: 'temporal:7233',
  });
});

test('a variable that is set wins over the project', () => {
  const env = projectEnv({ SLUICE_TASK_QUEUE: 'mine', TEMPORAL_NAMESPACE: 'prod' }, config);
  assert.equal(env.SLUICE_TASK_QUEUE, 'mine');
  assert.equal(env.TEMPORAL_NAMESPACE, 'prod');
});

test("a config without a namespace sets none, so a Temporal profile's namespace still applies", () => {
  const env = projectEnv({ TEMPORAL_PROFILE: 'prod' }, { taskQueue: 'analytics' });
  assert.deepEqual(env, { SLUICE_TASK_QUEUE: 'analytics', TEMPORAL_PROFILE: 'prod' });
});
