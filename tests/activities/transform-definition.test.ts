// Definition-time problems with a SQL transform: one SELECT naming each input as {{step_id}} (no database needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { sqlTransformProblems } from '../../core/transform/transform-step-problems';

const inputs = ['fetch_orders', 'fetch_customers'];
const join = 'SELECT o.order_id FROM {{fetch_orders}} o JOIN {{ fetch_customers }} c USING (customer_id)';

test('a SELECT, or a WITH, naming every input has no problems, whatever its literals and comments hold', () => {
  for (const sql of [
    join,
    `WITH o AS (SELECT * FROM {{fetch_orders}}) SELECT * FROM o, {{fetch_customers}}`,
    `-- orders with their region; {{fetch_orders}} first\n  /* a; b */ (SELECT 'a;b' AS "c;d", $$;$$ AS e, $x$;$x$ AS f FROM {{fetch_orders}}, {{fetch_customers}})`,
    `select 'it''s; fine' from {{fetch_orders}} natural join {{fetch_customers}}`,
  ]) {
    assert.deepEqual(sqlTransformProblems(sql, inputs), [], sql);
  }
});

test('anything but one SELECT is refused: other statements, several statements, a trailing semicolon', () => {
  const refused = (sql: string) => sqlTransformProblems(sql, ['fetch_orders']);
  const oneStatement = 'sql must be one statement without semicolons (drop a trailing ";" too)';
  assert.deepEqual(refused('DELETE FROM {{fetch_orders}}'), [
    'sql must be a SELECT (or WITH ... SELECT), not DELETE',
  ]);
  assert.deepEqual(refused('SELECT 1 FROM {{fetch_orders}}; DROP TABLE x'), [oneStatement]);
  assert.deepEqual(refused('SELECT * FROM {{fetch_orders}};'), [oneStatement]);
  assert.deepEqual(refused("SELECT 'a' FROM {{fetch_orders}}; DROP TABLE x; SELECT 'b'"), [oneStatement]);
  assert.deepEqual(refused('  -- nothing\n'), [
    'sql must be a SELECT (or WITH ... SELECT), not empty',
    'input "fetch_orders" is not used in sql; name it as {{fetch_orders}}',
  ]);
});

test('placeholders must name the inputs, and every input must be named', () => {
  assert.deepEqual(
    sqlTransformProblems('SELECT * FROM {{fetch_order}} JOIN {{fetch_customers}} USING (id)', inputs),
    [
      'sql names {{fetch_order}}, which is not one of the inputs (fetch_orders, fetch_customers)',
      'input "fetch_orders" is not used in sql; name it as {{fetch_orders}}',
    ],
  );
});

test('definePipeline reports SQL problems against the step', () => {
  assert.throws(
    () =>
      definePipeline({
        name: 'sql_bad',
        description: 'test',
        owner: 'tests',
        steps: [
          { kind: 'fetch', id: 'fetch_orders', source: { kind: 'file', path: 'x.csv', format: 'csv' } },
          {
            kind: 'transform',
            id: 'clean_orders',
            inputs: ['fetch_orders'],
            sql: 'DROP TABLE {{fetch_order}}',
          },
        ],
      }),
    {
      message:
        'pipeline "sql_bad" is invalid:\n' +
        '  - step "clean_orders": sql must be a SELECT (or WITH ... SELECT), not DROP\n' +
        '  - step "clean_orders": sql names {{fetch_order}}, which is not one of the inputs (fetch_orders)\n' +
        '  - step "clean_orders": input "fetch_orders" is not used in sql; name it as {{fetch_orders}}',
    },
  );
});
