// Errors the client raises about runs, each saying what to do; the CLI maps them to exit codes.

/** No run with that workflow id: exit 2. */
export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
  constructor(readonly workflowId: string) {
    super(`no run "${workflowId}"; list runs with \`sluice list\``);
  }
}

/** The run's workflow id is already running; names the id so the user can attach or wait: exit 2. */
export class RunAlreadyRunningError extends Error {
  override name = 'RunAlreadyRunningError';
  constructor(readonly workflowId: string) {
    super(`run ${workflowId} is already running; wait for it, cancel it, or attach to it (--attach)`);
  }
}

/** The run refused an operator action (unknown step, wrong state): exit 2. */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
}

/** The run was started (or attached to) but its result cannot be read here, e.g. without its key: exit 1. */
export class RunUnreadableError extends Error {
  override name = 'RunUnreadableError';
  constructor(
    readonly workflowId: string,
    cause: Error,
  ) {
    super(
      `run ${workflowId} was started (do not start it again), but its result cannot be read here; ` +
        `follow it with \`sluice status ${workflowId}\` once this is fixed`,
      { cause },
    );
  }
}

/** The run ended in failure; carries its final step table and the failure's type: exit 1. */
export class RunFailedError extends Error {
  override name = 'RunFailedError';
  constructor(
    message: string,
    readonly state?: unknown,
    /** The workflow's failure type: `SluiceRunFailed` when steps failed, `SluiceBadInput` when refused at its start. */
    readonly type?: string,
  ) {
    super(message);
  }
}

/** A preview refused before it wrote anything (no load step, a bad partition, no scratch schema): exit 2. */
export class PreviewRefusedError extends Error {
  override name = 'PreviewRefusedError';
}
