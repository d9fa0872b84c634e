// Cron expressions: what each field matches, and a clear reason for each kind of mistake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cronProblem, parseCron } from '../../core/schedules/cron-expression';

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

test('values, ranges, steps, lists and names expand to what they match', () => {
  assert.deepEqual(parseCron('0 2 * * *'), {
    minute: [0],
    hour: [2],
    dayOfMonth: range(1, 31),
    month: range(1, 12),
    dayOfWeek: range(0, 6),
  });
  assert.deepEqual(parseCron('*/15 9-17 1,15 JAN,mar MON-FRI'), {
    minute: [0, 15, 30, 45],
    hour: range(9, 17),
    dayOfMonth: [1, 15],
    month: [1, 3],
    dayOfWeek: [1, 2, 3, 4, 5],
  });
  const odd = parseCron('5/20 1-5/2 * */3 5-7');
  assert.ok(!('problem' in odd));
  assert.deepEqual(odd.minute, [5, 25, 45]);
  assert.deepEqual(odd.hour, [1, 3, 5]);
  assert.deepEqual(odd.month, [1, 4, 7, 10]);
  assert.deepEqual(odd.dayOfWeek, [0, 5, 6], '7 is Sunday');
});

test('the shorthands Temporal knows are accepted', () => {
  assert.deepEqual(parseCron('@daily'), parseCron('0 0 * * *'));
  assert.deepEqual(parseCron('@hourly'), parseCron('0 * * * *'));
  assert.deepEqual(parseCron('@weekly'), parseCron('0 0 * * 0'));
  assert.deepEqual(parseCron('@monthly'), parseCron('0 0 1 * *'));
  assert.deepEqual(parseCron('@yearly'), parseCron('0 0 1 1 *'));
});

test('each mistake is named with its field', () => {
  const cases: [string, string][] = [
    ['0 2 * *', 'cron "0 2 * *" has 4 fields; write minute hour day-of-month month day-of-week'],
    ['0 0 2 * * *', 'has 6 fields'],
    ['', 'has 0 fields'],
    ['60 * * * *', 'minute 60 is outside 0-59'],
    ['0 24 * * *', 'hour 24 is outside 0-23'],
    ['0 0 0 * *', 'day of month 0 is outside 1-31'],
    ['0 0 * 13 *', 'month 13 is outside 1-12'],
    ['0 0 * * 8', 'day of week 8 is outside 0-7'],
    ['0 0 * FOO *', 'month "FOO" is not a number or a name like JAN'],
    ['0 0 * * Sunday', 'day of week "Sunday" is not a number or a name like SUN'],
    ['5-1 * * * *', 'minute range "5-1" runs backwards'],
    ['*/0 * * * *', 'minute "*/0": the step must be at least 1'],
    ['*-5 * * * *', 'minute "*-5": a range cannot start with *'],
    ['0 0 L * *', 'day of month "L" is not a number'],
    ['0 0 * * 1#2', 'day of week "1#2" is not a value, range'],
    ['1-2-3 * * * *', 'minute "1-2-3" is not a value, range'],
    ['0 0 * * SAT-SUN', 'day of week range "SAT-SUN" runs backwards'],
    // Found by fuzzing: these were looked up as shorthands on the object's prototype, and threw a TypeError.
    ['constructor', 'cron "constructor" has 1 fields'],
    ['__proto__', 'cron "__proto__" has 1 fields'],
  ];
  for (const [cron, message] of cases) {
    const problem = cronProblem(cron);
    assert.ok(problem?.includes(message), `${cron}: expected "${message}", got "${problem}"`);
  }
  assert.equal(cronProblem('0 2 * * *'), undefined);
});
