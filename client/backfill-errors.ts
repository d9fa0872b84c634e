// Errors the client raises about backfills, each saying what to do; the CLI exits 2 on them.

/** Raised when the same range of the same pipeline is being backfilled already. */
export class BackfillAlreadyRunningError extends Error {
  override name = 'BackfillAlreadyRunningError';
  constructor(readonly workflowId: string) {
    super(
      `backfill ${workflowId} is already running; watch it (query backfillStatus), pause or cancel it, or pick another range`,
    );
  }
}

/** Raised before anything starts when the options cannot make a backfill. */
export class BackfillInputError extends Error {
  override name = 'BackfillInputError';
}
