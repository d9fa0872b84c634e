// No password reaches a process's arguments (readable by every user of the machine): scripts and code pass them by environment or file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  passwordArgumentsIn,
  passwordArgumentsInCode,
  passwordArgumentsInShell,
} from '../support/password-arguments';
import { ROOT } from '../support/run-process';

test('no spawn / exec call site, shell script, Dockerfile RUN or README sh block passes a password as an argument', () => {
  const found = passwordArgumentsIn(ROOT);
  assert.deepEqual(
    found.map(({ file, line, text }) => `${file}:${line}: ${text}`),
    [],
    "pass these by environment (PGPASSWORD, SQL_PASSWORD, roles.sql's SLUICE_WORKER_PASSWORD) or by file",
  );
});

test('the scan finds a password argument in code, directly or through the variables that build argv', () => {
  const planted = `
    import { execFile, spawn } from 'node:child_process';
    const password = process.env.SLUICE_WORKER_PASSWORD ?? '';
    const variables = { worker_role: 'w', worker_password: password };
    const args = Object.entries(variables).flatMap(([k, v]) => ['-v', k + '=' + v]);
    await promisify(execFile)('psql', args);
    spawn('psql', [stack.databaseUrl]);
    spawn('temporal-sql-tool', ['--pw', pw]);
    startProcess(['bin/sluice.js', 'codec-server', '--token', token], {});
    spawn('psql', ['-X', url], { env: { PGPASSWORD: password } });
    spawn('sluice', ['codec-server', '--allow-no-token']);
  `;
  assert.deepEqual(
    passwordArgumentsInCode('planted.ts', planted).map((found) => found.line),
    [6, 7, 8, 9],
    'the last two: a password by environment, a switch named after a token: allowed',
  );
});

test('the scan finds a password argument in shell text, and leaves environment assignments alone', () => {
  const planted = [
    'psql -v worker_password="$WAREHOUSE_PASSWORD" -f roles.sql',
    'temporal-sql-tool -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" create',
    'mysql -u root --password=hunter2',
    'psql "postgresql://sluice:$WAREHOUSE_PASSWORD@db/warehouse"',
    'curl -H x --token "${API_TOKEN}" https://example.test',
    'export SQL_PASSWORD="$POSTGRES_PWD"',
    'DATABASE_URL=postgresql://sluice:pw@db/warehouse npx sluice worker',
    'PGPASSWORD="$PW" psql -h db -U postgres # not -v password=x',
  ].join('\n');
  assert.deepEqual(
    passwordArgumentsInShell('planted.sh', planted).map((found) => found.line),
    [1, 2, 3, 4, 5],
  );
});
