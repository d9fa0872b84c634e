-- Who acted on a run: gate approvals and operators' pause, resume, retry, skip, abort and cancel, in order.
CREATE TABLE sluice.operator_actions (
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  seq int NOT NULL,
  action text NOT NULL CHECK (action IN ('pause', 'resume', 'cancel', 'approve', 'retry', 'skip', 'abort')),
  step text,
  actor text NOT NULL,
  acted_at timestamptz NOT NULL,
  PRIMARY KEY (workflow_id, run_id, seq),
  FOREIGN KEY (workflow_id, run_id) REFERENCES sluice.runs ON DELETE CASCADE
);
