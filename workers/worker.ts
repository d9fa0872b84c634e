// Builds a Sluice worker: every activity and workflow on one task queue.
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import type { Catalog } from '../core/pipeline/catalog';
import { sluiceDataConverter } from '../runtime/codec/data-converter';
import type { KeyRing } from '../runtime/codec/key-ring';

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
  /** A prebuilt bundle (tests build one per suite); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundle;
  /**
   * Declares that `workflowBundle` was built with `failureConverterPath: ENCRYPTED_FAILURE_CONVERTER_PATH`;
   * required with a key ring, since the SDK takes the failure converter from the bundle, not the data converter.
   */
  bundleEncryptsFailures?: boolean;
  maxConcurrentActivities?: number;
  shutdownGraceSeconds?: number;
}

/** Where the workflow bundle's entry lives, for Worker.create and bundleWorkflowCode. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

export async function createSluiceWorker(options: SluiceWorkerOptions): Promise<Worker> {
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
    dataConverter: sluiceDataConverter(options.keyRing),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 20,
    shutdownGraceTime: `${options.shutdownGraceSeconds ?? 30}s`,
  });
}
