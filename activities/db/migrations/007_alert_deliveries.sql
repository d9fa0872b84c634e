-- Webhook alerts delivered, one row per event id: a retried delivery finds its row and sends nothing again.
CREATE TABLE sluice.alert_deliveries (
  event_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('run_failed', 'step_parked', 'gate_waiting', 'check_failed')),
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  pipeline text NOT NULL,
  step text,
  attempts int NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_deliveries_run ON sluice.alert_deliveries (workflow_id, run_id);
