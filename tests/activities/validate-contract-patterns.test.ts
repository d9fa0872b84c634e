// Contract patterns run on RE2: a catastrophic pattern answers at once, and what RE2 cannot run is refused at load.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { catalogContractProblems } from '../../activities/validate/catalog-contracts';
import { ContractError } from '../../activities/validate/contract-error';
import { resolveContract, type ResolvedContract } from '../../activities/validate/resolve-contract';
import { rowReading } from '../../activities/validate/row-reading';
import { judgeRow as judgeTypedRow, type Verdict } from '../../activities/validate/row-validator';
import { definePipeline } from '../../core/pipeline/define-pipeline';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-patterns-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Writes a one-column contract whose `code` column has the pattern, as YAML single-quoted text. */
async function contractWith(pattern: string, file = 'codes.yml') {
  const yaml = `owner: tests\ndescription: codes\ncolumns:\n  - { name: code, type: string, required: true, pattern: '${pattern.replaceAll("'", "''")}' }\n`;
  await writeFile(path.join(dir, file), yaml);
  return { file };
}

/** Patterns judge text, the same from every source. */
const judgeRow = (contract: ResolvedContract, row: Record<string, unknown>) =>
  judgeTypedRow(contract, row, rowReading(contract.plans, { values: 'typed' }));

const issues = (verdict: Verdict) =>
  verdict.valid ? [] : verdict.issues.map((i) => [i.path.join('.'), i.code, i.message]);

test('a pattern that backtracks exponentially in JavaScript answers "no match" on RE2', async () => {
  const contract = await resolveContract(await contractWith('^(a+)+$'), dir);
  const verdict = await judgeRow(contract, { code: 'a'.repeat(50_000) + 'b' });
  assert.deepEqual(issues(verdict), [
    ['code', 'invalid_format', 'Invalid string: must match pattern /^(a+)+$/u'],
  ]);
  assert.equal((await judgeRow(contract, { code: 'a'.repeat(50_000) })).valid, true);
});

test('patterns search the value as RegExp.test does, and unicode escapes keep working', async () => {
  const unanchored = await resolveContract(await contractWith('\\d{3}'), dir);
  assert.equal((await judgeRow(unanchored, { code: 'x123y' })).valid, true);
  assert.equal((await judgeRow(unanchored, { code: 'x12y' })).valid, false);
  const escaped = await resolveContract(await contractWith('^caf\\u00e9 \\u{1F600}$'), dir);
  assert.equal((await judgeRow(escaped, { code: 'café 😀' })).valid, true);
  assert.equal((await judgeRow(escaped, { code: 'cafe 😀' })).valid, false);
  const literalBackslash = await resolveContract(await contractWith('^\\\\u00e9$'), dir);
  assert.equal((await judgeRow(literalBackslash, { code: '\\u00e9' })).valid, true);
});

test('a backreference, a lookaround or an overlong pattern is refused when the contract loads', async () => {
  const refusal = async (pattern: string) => {
    try {
      await resolveContract(await contractWith(pattern, 'refused.yml'), dir);
    } catch (err) {
      assert.ok(err instanceof ContractError);
      assert.equal(err.file, 'refused.yml');
      return err.problems;
    }
    throw new Error(`the contract with pattern ${pattern} loaded`);
  };
  const rewrite =
    'rewrite it without backreferences (\\1, \\k<name>) and lookaround ((?=…), (?!…), (?<=…), (?<!…))';
  assert.deepEqual(await refusal('^(ab)\\1$'), [
    `columns[0] (code).pattern: "^(ab)\\\\1$" cannot run on the linear-time engine (RE2) contracts use: error parsing regexp: invalid escape sequence: \`\\1\`; ${rewrite}`,
  ]);
  assert.deepEqual(await refusal('^(?!x)\\w+$'), [
    `columns[0] (code).pattern: "^(?!x)\\\\w+$" cannot run on the linear-time engine (RE2) contracts use: error parsing regexp: invalid or unsupported Perl syntax: \`(?!\`; ${rewrite}`,
  ]);
  const long = 'a'.repeat(1_001);
  assert.deepEqual(await refusal(long), [
    `columns[0] (code).pattern: "${'a'.repeat(56)}... is 1001 characters long; patterns may have at most 1000`,
  ]);
});

test('the catalog check names the pipeline, step, contract and column of a pattern RE2 cannot run', async () => {
  const pipeline = definePipeline({
    name: 'codes',
    description: 'codes',
    owner: 'tests',
    steps: [
      { kind: 'fetch', id: 'fetch_codes', source: { kind: 'file', path: 'codes.csv', format: 'csv' } },
      {
        kind: 'validate',
        id: 'validate_codes',
        input: 'fetch_codes',
        contract: await contractWith('(?<=x)y', 'lookbehind.yml'),
      },
    ],
  });
  const [problem, ...rest] = await catalogContractProblems(new Map([[pipeline.name, pipeline]]), dir);
  assert.deepEqual(rest, []);
  assert.match(
    problem ?? '',
    /^pipeline "codes" step "validate_codes": contract lookbehind\.yml is invalid:\n {2}- columns\[0\] \(code\)\.pattern: "\(\?<=x\)y" cannot run on the linear-time engine \(RE2\)/,
  );
});
