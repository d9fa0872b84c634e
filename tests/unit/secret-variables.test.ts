// A pipeline may not hand Sluice's own secrets to a source: definePipeline names the pipeline, step and variable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSecretVariable, SECRET_VARIABLES } from '../../core/config/secret-variables';
import type { SourceSpec } from '../../core/fetch/source-spec';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { DefinitionError } from '../../core/pipeline/definition-error';

const url = 'https://api.example.com/orders';

function refusal(source: SourceSpec): DefinitionError {
  try {
    definePipeline({
      name: 'orders_api',
      description: 'd',
      owner: 'o',
      steps: [{ kind: 'fetch', id: 'fetch_orders_api', source }],
    });
  } catch (err) {
    assert.ok(err instanceof DefinitionError, String(err));
    return err;
  }
  return assert.fail(`accepted ${JSON.stringify(source)}`);
}

test('each secret variable, in any auth field or as a source database URL, is refused with pipeline, step and field', () => {
  for (const name of SECRET_VARIABLES) {
    const err = refusal({ kind: 'http', url, auth: { kind: 'bearer', tokenEnv: name } });
    assert.equal(err.pipeline, 'orders_api');
    assert.match(err.message, /pipeline "orders_api" is invalid/);
    assert.deepEqual(err.problems, [
      `step "fetch_orders_api": source.auth.tokenEnv names ${name}, one of Sluice's own secrets, which a source must never receive; give the source a credential of its own in another variable (like ORDERS_API_TOKEN)`,
    ]);
  }
  const basic = refusal({
    kind: 'http',
    url,
    auth: { kind: 'basic', usernameEnv: 'ORDERS_USER', passwordEnv: 'PGPASSWORD' },
  });
  assert.equal(basic.problems.length, 1);
  assert.match(basic.problems[0] ?? '', /source\.auth\.passwordEnv names PGPASSWORD/);
  const apiKey = refusal({
    kind: 'http',
    url,
    auth: { kind: 'api-key', keyEnv: 'temporal_api_key', header: 'X-Key' },
  });
  assert.match(
    apiKey.problems[0] ?? '',
    /source\.auth\.keyEnv names temporal_api_key, one of Sluice's own secrets/,
  );
  const grpc = refusal({
    kind: 'http',
    url,
    auth: { kind: 'bearer', tokenEnv: 'TEMPORAL_GRPC_META_AUTHORIZATION' },
  });
  assert.match(grpc.problems[0] ?? '', /names TEMPORAL_GRPC_META_AUTHORIZATION/);
  const database = refusal({ kind: 'postgres', urlEnv: 'DATABASE_URL', query: 'SELECT 1' });
  assert.match(
    database.problems[0] ?? '',
    /^step "fetch_orders_api": source\.urlEnv names DATABASE_URL, one of Sluice's own secrets/,
  );
});

test("a source's own variables pass, and only Sluice's secrets count as secrets", () => {
  for (const name of ['ORDERS_API_TOKEN', 'DATABASE_URL_ORDERS', 'TEMPORAL_ADDRESS', 'SLUICE_TASK_QUEUE'])
    assert.equal(isSecretVariable(name), false, name);
  assert.equal(isSecretVariable('Sluice_Encryption_Keys'), true);
  assert.doesNotThrow(() =>
    definePipeline({
      name: 'orders_api',
      description: 'd',
      owner: 'o',
      steps: [
        {
          kind: 'fetch',
          id: 'fetch_orders_api',
          source: { kind: 'http', url, auth: { kind: 'bearer', tokenEnv: 'ORDERS_API_TOKEN' } },
        },
      ],
    }),
  );
});
