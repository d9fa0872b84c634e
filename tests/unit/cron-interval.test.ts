// longestScheduleGapSeconds: the interval the stale-pipeline alert allows, from a schedule's cron expressions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longestScheduleGapSeconds } from '../../core/schedules/cron-interval';

const HOUR = 3600;
const DAY = 24 * HOUR;

test('the longest gap between starts, over every cron of the schedule', () => {
  assert.equal(longestScheduleGapSeconds({ cron: '*/15 * * * *' }), 15 * 60);
  assert.equal(longestScheduleGapSeconds({ cron: '@hourly' }), HOUR);
  assert.equal(longestScheduleGapSeconds({ cron: '0 2 * * *' }), DAY);
  assert.equal(longestScheduleGapSeconds({ cron: '0 2 * * 1-5' }), 3 * DAY, 'Friday to Monday');
  assert.equal(longestScheduleGapSeconds({ cron: ['0 2 * * *', '0 14 * * *'] }), 12 * HOUR);
  assert.equal(longestScheduleGapSeconds({ cron: '0 0 1 * *' }), 31 * DAY, 'the longest month');
});

test("cron's rule for two restricted day fields: either one runs", () => {
  // The 1st of each month or any Sunday: never over a week apart (both at once would be months apart).
  assert.equal(longestScheduleGapSeconds({ cron: '0 0 1 * 0' }), 7 * DAY);
});

test('a paused schedule, or one that never runs, expects nothing', () => {
  assert.equal(longestScheduleGapSeconds({ cron: '0 2 * * *', paused: true }), undefined);
  assert.equal(longestScheduleGapSeconds({ cron: '0 0 30 2 *' }), undefined, 'no 30 February');
});
