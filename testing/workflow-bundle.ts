// The workflow bundle, built once per process and shared by every test worker in it (bundling takes seconds).
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { ENCRYPTED_FAILURE_CONVERTER_PATH } from '../runtime/codec/data-converter';
import { WORKFLOWS_PATH } from '../workers/worker';

const bundles = new Map<boolean, Promise<WorkflowBundle>>();

/** The bundle; `encrypted` builds the one whose failure converter encrypts failure messages. */
export function workflowBundle(encrypted = false): Promise<WorkflowBundle> {
  let bundle = bundles.get(encrypted);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...(encrypted ? { failureConverterPath: ENCRYPTED_FAILURE_CONVERTER_PATH } : {}),
      logger: quietBundlerLogger,
    });
    bundles.set(encrypted, bundle);
  }
  return bundle;
}

/** Webpack's progress stays out of test output; its warnings and errors do not. */
const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`${message}\n`),
  error: (message: string) => process.stderr.write(`${message}\n`),
};
