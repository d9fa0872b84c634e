// Activity: delivers one alert event to the webhook, once: a delivery already recorded is not sent again.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { AlertEvent } from '../../core/alerts/alert-event';
import type { TerminalErrorType } from '../../core/run/error-types';
import { webhookOrigin, type AlertSettings } from './alert-settings';
import { runUiUrl, slackMessage } from './slack-message';

/** How long one POST may take before the attempt fails (and the retry policy tries again). */
const REQUEST_TIMEOUT_MS = 10_000;
const REFUSED: TerminalErrorType = 'SluiceAlertRefused';

export type AlertDelivery = 'delivered' | 'delivered earlier' | 'no webhook configured';

/** 408, 429 and 5xx say "later"; any other 4xx says the URL, token or message is wrong, which no retry mends. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

export function createSendAlert(pool: Pool, settings: AlertSettings | undefined) {
  return async function sendAlert(event: AlertEvent): Promise<AlertDelivery> {
    if (!settings) return 'no webhook configured';
    const seen = await pool.query('SELECT 1 FROM sluice.alert_deliveries WHERE event_id = $1', [event.id]);
    if (seen.rowCount) return 'delivered earlier';
    const context = Context.current();
    const { attempt, namespace } = context.info;
    const runUrl = settings.uiUrl && runUiUrl(settings.uiUrl, namespace, event.workflowId, event.runId);
    const webhook = webhookOrigin(settings);
    let response: Response;
    try {
      response = await fetch(settings.webhookUrl, {
        method: 'POST',
        // The event id lets a receiver drop a repeat: one can follow a lost answer to a delivered POST.
        headers: { 'content-type': 'application/json', 'idempotency-key': event.id },
        body: JSON.stringify(slackMessage(event, runUrl)),
        redirect: 'error',
        signal: AbortSignal.any([context.cancellationSignal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
    } catch (err) {
      const cause = (err as Error).cause as Error | undefined;
      throw new Error(
        `the alert webhook at ${webhook} did not answer (${cause?.message ?? (err as Error).message}); the delivery retries`,
      );
    }
    const body = (await response.text().catch(() => '')).slice(0, 200);
    if (!response.ok) {
      const message = `the alert webhook at ${webhook} answered ${response.status}${body ? ` (${body})` : ''}`;
      if (retryable(response.status)) throw new Error(`${message}; the delivery retries`);
      throw ApplicationFailure.create({
        type: REFUSED,
        nonRetryable: true,
        message: `${message}: check SLUICE_ALERT_WEBHOOK_URL (its URL and token); alert ${event.id} is not sent`,
      });
    }
    await pool.query(
      `INSERT INTO sluice.alert_deliveries (event_id, kind, workflow_id, run_id, pipeline, step, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [event.id, event.kind, event.workflowId, event.runId, event.pipeline, event.step ?? null, attempt],
    );
    context.log.info('alert delivered', { event: event.id, kind: event.kind, webhook, attempt });
    return 'delivered';
  };
}
