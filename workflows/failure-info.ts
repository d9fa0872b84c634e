// Reads what the workflow needs from a failed activity: message, error type, attempt, cancellation.
import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';

export interface FailureInfo {
  message: string;
  type?: string;
  attempt?: number;
  cancelled: boolean;
}

export function failureInfo(err: unknown): FailureInfo {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const app = cause instanceof ApplicationFailure ? cause : undefined;
  const details = app?.details?.[0] as { attempt?: unknown } | undefined;
  return {
    message: cause instanceof Error ? cause.message : String(cause),
    ...(app?.type ? { type: app.type } : {}),
    ...(typeof details?.attempt === 'number' ? { attempt: details.attempt } : {}),
    cancelled: isCancellation(err),
  };
}
