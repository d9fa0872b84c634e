// The error the schedule functions raise, naming the pipeline, its schedule id and what to do next.

export class PipelineScheduleError extends Error {
  override name = 'PipelineScheduleError';
  constructor(
    readonly pipeline: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
