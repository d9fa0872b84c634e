// Replays recorded histories of representative runs: a change that breaks running workflows fails here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { sluiceDataConverter } from '../../runtime/codec/data-converter';
import { KeyRing } from '../../runtime/codec/key-ring';
import { HISTORIES_DIR } from '../support/record-history';
import { workflowBundle } from '../support/test-stack';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay', () => {
  assert.ok(files.length >= 5, `found ${files.length} histories in ${HISTORIES_DIR}`);
});

const read = (file: string) =>
  historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));

/**
 * The recorded run's own workflow id (the started event carries it): a run derives ids from it (its alert
 * deliveries' child workflow ids), so a replay under another id would differ where production never does.
 */
const workflowIdOf = (file: string) =>
  read(file).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId || `replay-${file}`;

for (const file of files) {
  test(`replays ${file} without non-determinism`, async () => {
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, read(file), workflowIdOf(file));
  });
}

test('an encrypting worker replays the plain histories recorded before its key was set', async () => {
  const ring = KeyRing.parse(`new:${randomBytes(32).toString('base64')}`).ring;
  const options = { workflowBundle: await workflowBundle(true), dataConverter: sluiceDataConverter(ring) };
  for (const file of files) await Worker.runReplayHistory(options, read(file), workflowIdOf(file));
});
