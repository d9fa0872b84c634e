// The failure converter used with encryption: error messages and stack traces travel as an encoded payload.
import { DefaultFailureConverter } from '@temporalio/common';

/** Loaded by path (DataConverter.failureConverterPath) in the client, the worker and the workflow bundle. */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
