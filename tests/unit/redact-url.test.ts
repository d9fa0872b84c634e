// The DATABASE_URL shown in connection errors: its password and secret query parameters replaced, the rest kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from '../../runtime/open-pool';

test('the password and ?password= / sslpassword= parameters are replaced; host, database and sslmode stay', () => {
  const shown = redactUrl(
    'postgresql://sluice:pw-1@db:5432/warehouse?sslmode=verify-full&sslpassword=pw-2&Password=pw-3',
  );
  assert.equal(
    shown,
    'postgresql://sluice:***@db:5432/warehouse?sslmode=verify-full&sslpassword=***&Password=***',
  );
  assert.equal(redactUrl('not a url'), '<unparseable DATABASE_URL>');
});
