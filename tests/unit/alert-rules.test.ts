// deploy/prometheus/alerts.yml: every rule unit-tested, `promtool check rules` / `promtool test rules` pass; the dashboard's PromQL parses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { isExecutable } from '../../devstack/is-executable';
import { findPromtool } from '../../devstack/promtool-binary';
import { ROOT } from '../support/run-process';

const RULES = 'deploy/prometheus/alerts.yml';
const RULE_TESTS = 'deploy/prometheus/alerts.test.yml';

const readYaml = (file: string): unknown => parse(readFileSync(path.join(ROOT, file), 'utf8'));

/** Built by `node scripts/test.mjs` (devstack/ensure-promtool.ts) when Go can build it. */
const promtool = findPromtool(process.env, isExecutable);
const withPromtool = {
  skip: promtool ? false : 'no promtool (devstack/ensure-promtool.ts builds it into the cache)',
};

function runPromtool(...args: string[]): string {
  const result = spawnSync(promtool as string, args, { cwd: ROOT, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, 0, `promtool ${args.join(' ')}:\n${output}`);
  return output;
}

test("every alert has unit tests that see it fire, and the seeds' thresholds are the rules'", () => {
  const rules = readYaml(RULES) as { groups: { rules: { alert: string; expr: string }[] }[] };
  const tests = readYaml(RULE_TESTS) as {
    rule_files: string[];
    tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
  };
  assert.deepEqual(tests.rule_files, [path.basename(RULES)]);
  const alerts = rules.groups.flatMap((group) => group.rules);
  const firing = new Set(
    tests.tests.flatMap((t) =>
      t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname),
    ),
  );
  for (const { alert } of alerts) assert.ok(firing.has(alert), `${RULE_TESTS} never sees ${alert} fire`);
  const expr = (alert: string) => alerts.find((rule) => rule.alert === alert)?.expr ?? '';
  assert.match(expr('SluiceRunTooLong'), /> 1800$/, 'runtime over 30 minutes');
  assert.match(expr('SluiceFewRowsIngested'), /\[1h\]\)\)\) < 100\n/, 'fewer than 100 rows an hour');
  assert.match(expr('SluiceValidationFailureRate'), />\s*0\.05\s*$/, 'over 5 % rejected');
});

test('promtool check rules accepts the rules', withPromtool, () => {
  const rules = readYaml(RULES) as { groups: { rules: unknown[] }[] };
  const count = rules.groups.reduce((n, group) => n + group.rules.length, 0);
  assert.match(runPromtool('check', 'rules', RULES), new RegExp(`SUCCESS: ${count} rules found`));
});

test('promtool test rules: each rule fires exactly when its tests say', withPromtool, () => {
  assert.match(runPromtool('test', 'rules', RULE_TESTS), /SUCCESS/);
});

test("the Grafana dashboard's queries are PromQL that promtool accepts", withPromtool, () => {
  const dashboard = JSON.parse(
    readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/sluice.json'), 'utf8'),
  ) as {
    panels: { targets: { expr: string }[] }[];
  };
  const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
  // As recording rules: `check rules` parses each expression, with no server to query.
  const rules = {
    groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `panel_${i}`, expr })) }],
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-dashboard-'));
  try {
    const file = path.join(dir, 'dashboard-rules.yml');
    writeFileSync(file, stringify(rules));
    assert.match(runPromtool('check', 'rules', file), new RegExp(`SUCCESS: ${exprs.length} rules found`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
