// Saves a finished run's history as a replay fixture when SLUICE_RECORD_HISTORIES=1 (otherwise does nothing).
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { isExecutable } from '../../devstack/is-executable';
import { resolveTemporal } from '../../devstack/temporal-binary';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');

/**
 * Uses `temporal workflow show --output json`: the SDK's historyToJSON trips over two protobufjs copies
 * in its own dependency tree, and the CLI writes the canonical proto JSON that historyFromJSON reads.
 */
/** Records the latest run of `run`'s workflow id, or the run `runId` names (before a continue-as-new, say). */
export async function recordHistory(
  run: WorkflowHandle,
  name: string,
  address: string,
  runId?: string,
): Promise<void> {
  if (process.env.SLUICE_RECORD_HISTORIES !== '1') return;
  const resolved = await resolveTemporal({
    env: process.env,
    isExecutable,
    goInstall: () => Promise.reject(new Error('not building while recording')),
    progress: () => undefined,
  });
  if (resolved.executable.type !== 'existing-path')
    throw new Error('recording histories needs a local Temporal CLI');
  const { stdout } = await promisify(execFile)(
    resolved.executable.path,
    [
      ...['workflow', 'show', '--workflow-id', run.workflowId, '--address', address, '--output', 'json'],
      ...(runId ? ['--run-id', runId] : []),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), stdout);
}
