// Builds a Sluice worker: every activity and workflow on one task queue.
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import type { AlertSettings } from '../activities/alerts/alert-settings';
import type { Catalog } from '../core/pipeline/catalog';
import { sluiceDataConverter } from '../runtime/codec/data-converter';
import type { KeyRing } from '../runtime/codec/key-ring';
import type { SluiceLogger } from '../runtime/logger';
import { activityLogFields } from './activity-log-fields';
import { assertRuntimeLogger } from './runtime';

export interface SluiceWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  catalog: Catalog;
  /** Relative source paths in pipeline definitions are read from here. */
  baseDir: string;
  /** Encrypt payloads and failure messages. */
  keyRing?: KeyRing;
  /** With `keyRing`: refuse payloads that are not encrypted (SLUICE_REQUIRE_ENCRYPTION). */
  requireEncryption?: boolean;
  /** A prebuilt bundle (tests build one per suite); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundle;
  /**
   * Declares that `workflowBundle` was built with `failureConverterPath: ENCRYPTED_FAILURE_CONVERTER_PATH`;
   * required with a key ring, since the SDK takes the failure converter from the bundle, not the data converter.
   */
  bundleEncryptsFailures?: boolean;
  /** Deliver webhook alerts (failed runs, parked steps, waiting gates, failed error-severity checks) here. */
  alerts?: AlertSettings;
  maxConcurrentActivities?: number;
  shutdownGraceSeconds?: number;
  /**
   * The logger the worker's SDK and activity lines must reach. The SDK takes its logger from the process's
   * Temporal runtime, so install it first with `installRuntime(logger)`; given here, a runtime set up without it
   * is an error rather than lines that silently go elsewhere.
   */
  logger?: SluiceLogger;
}

/** Where the workflow bundle's entry lives, for Worker.create and bundleWorkflowCode. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

export async function createSluiceWorker(options: SluiceWorkerOptions): Promise<Worker> {
  if (options.logger) assertRuntimeLogger(options.logger);
  if (options.keyRing && options.workflowBundle && !options.bundleEncryptsFailures)
    throw new Error(
      'a prebuilt workflowBundle with a keyRing would store workflow failures in clear: build the bundle with ' +
        'failureConverterPath: ENCRYPTED_FAILURE_CONVERTER_PATH and pass bundleEncryptsFailures: true',
    );
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options),
    interceptors: { activity: [activityLogFields] },
    dataConverter: sluiceDataConverter(options.keyRing, options.requireEncryption),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 20,
    shutdownGraceTime: `${options.shutdownGraceSeconds ?? 30}s`,
  });
}
