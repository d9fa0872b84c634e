// deliverAlert: one alert event sent by an activity that retries with backoff, in a workflow of its own, so the run never waits on it.
import { proxyActivities } from '@temporalio/workflow';
import type { SluiceActivities } from '../activities';
import type { AlertEvent } from '../core/alerts/alert-event';

/** A webhook down for up to an hour still gets the alert; the wait between tries grows from 1 s to 5 min. */
const { sendAlert } = proxyActivities<SluiceActivities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m' },
});

export async function deliverAlert(event: AlertEvent): Promise<string> {
  return sendAlert(event);
}
