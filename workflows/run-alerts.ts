// A run's alert events: each starts a deliverAlert workflow that outlives the run, so no delivery delays or fails it.
import {
  CancellationScope,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  log,
  patched,
  startChild,
} from '@temporalio/workflow';
import { alertEventId, type AlertKind } from '../core/alerts/alert-event';
import { deliverAlert } from './deliver-alert';

export interface AlertedRun {
  workflowId: string;
  runId: string;
  pipeline: string;
  partition?: string;
}

export class RunAlerts {
  private readonly occurrences = new Map<string, number>();
  private readonly starts: Promise<void>[] = [];

  /** `enabled`: the plan says this deployment's workers deliver alerts. */
  constructor(
    private readonly run: AlertedRun,
    private readonly enabled: boolean,
  ) {}

  /**
   * Starts the delivery of one event, beside the run: an activity would be abandoned once the run closes, so the
   * delivery is a child workflow the run's end leaves running (ParentClosePolicy ABANDON).
   */
  raise(kind: AlertKind, step: string | undefined, reason: string): void {
    if (!this.enabled || !patched('sluice-alert-webhooks')) return;
    const key = `${kind}/${step ?? ''}`;
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    const id = alertEventId(this.run, kind, step, occurrence);
    const event = { id, kind, ...this.run, ...(step ? { step } : {}), reason };
    const start = CancellationScope.nonCancellable(() =>
      startChild(deliverAlert, {
        workflowId: `sluice-alert/${id}`,
        args: [event],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      }),
    ).then(
      () => undefined,
      (err: unknown) => log.warn('alert delivery not started', { event: id, error: String(err) }),
    );
    this.starts.push(start);
  }

  /** Resolves once every delivery raised so far has started (one server round trip), never with an error. */
  async started(): Promise<void> {
    await Promise.all(this.starts);
  }
}
