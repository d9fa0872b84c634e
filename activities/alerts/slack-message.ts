// An alert as Slack's incoming webhooks take it: `text` (notifications, clients without blocks) plus Block Kit `blocks`.
import type { AlertEvent, AlertKind } from '../../core/alerts/alert-event';

const TITLES: Record<AlertKind, string> = {
  run_failed: 'Run failed',
  step_parked: 'Step parked, waiting for an operator',
  gate_waiting: 'Gate waiting for approval',
  check_failed: 'Error-severity check failed',
};

/** Slack's limits: a header's text 150 characters, a section's text 3000, a field's 2000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Slack's mrkdwn reads `&`, `<` and `>` as markup: escaped, a reason cannot forge a link or a mention. */
const escaped = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** The message for `event`; `runUrl` (the run in the Temporal Web UI) adds a button when known. */
export function slackMessage(event: AlertEvent, runUrl: string | undefined): SlackMessage {
  const title = `${TITLES[event.kind]}: ${event.pipeline}`;
  const where = [
    `pipeline ${event.pipeline}`,
    ...(event.partition ? [`partition ${event.partition}`] : []),
    ...(event.step ? [`step ${event.step}`] : []),
  ].join(', ');
  const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${escaped(value)}` });
  return {
    text: clip(`Sluice: ${TITLES[event.kind].toLowerCase()} (${where}): ${event.reason}`, SECTION_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(title, HEADER_MAX), emoji: false } },
      {
        type: 'section',
        fields: [
          field('Pipeline', event.pipeline),
          field('Partition', event.partition ?? '(none)'),
          field('Step', event.step ?? '(the run)'),
          field('Run', `${event.workflowId} / ${event.runId}`),
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: clip(`*Reason*\n${escaped(event.reason)}`, SECTION_MAX) },
      },
      ...(runUrl
        ? [
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  text: { type: 'plain_text', text: 'Open the run in the Temporal Web UI' },
                  url: runUrl,
                },
              ],
            },
          ]
        : []),
    ],
  };
}

/** The run's page in the Temporal Web UI under `uiUrl`. */
export function runUiUrl(uiUrl: URL, namespace: string, workflowId: string, runId: string): string {
  const base = uiUrl.href.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}
