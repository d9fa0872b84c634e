// Where a worker sends alerts: the webhook (its URL may hold a token, so it is shown by origin only) and the Web UI links point.

export interface AlertSettings {
  /** Receives Slack-compatible JSON; a secret like a password: never logged, never in a workflow payload. */
  webhookUrl: URL;
  /** The Temporal Web UI, for the link to the run in each alert; no link when undefined. */
  uiUrl?: URL;
}

/** The webhook as messages and logs may show it: scheme, host and port, never the path or query that hold the token. */
export const webhookOrigin = (settings: AlertSettings): string => settings.webhookUrl.origin;
