// Names shared by the worker, the client and the dev stack, so that they meet on the same queue.

/** Task queue the workers poll unless SLUICE_TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = 'sluice';

/** Temporal namespace used unless TEMPORAL_NAMESPACE says otherwise. */
export const DEFAULT_NAMESPACE = 'default';
