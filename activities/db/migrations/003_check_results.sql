-- Dataset check results per run and step, and the row counts the row-count anomaly check compares against.
CREATE TABLE sluice.check_results (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pipeline text NOT NULL,
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  step text NOT NULL,
  check_name text NOT NULL,
  kind text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('warn', 'error')),
  status text NOT NULL CHECK (status IN ('pass', 'warn', 'fail')),
  observed jsonb NOT NULL DEFAULT '{}',
  message text NOT NULL,
  checked_at timestamptz NOT NULL DEFAULT now(),
  -- Also the index for lookups by run (workflow_id, run_id) and by run and step.
  UNIQUE (workflow_id, run_id, step, check_name)
);

-- A check's history across runs: "how has not_null(order_id) on load_orders_fct done lately?"
CREATE INDEX check_results_by_pipeline_step ON sluice.check_results (pipeline, step, checked_at DESC);

CREATE TABLE sluice.check_row_counts (
  id bigint GENERATED ALWAYS AS IDENTITY,
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  step text NOT NULL,
  pipeline text NOT NULL,
  row_count bigint NOT NULL,
  -- False when an error-severity check of the step failed: such runs stay out of later baselines.
  checks_passed boolean NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, run_id, step)
);

CREATE INDEX check_row_counts_baseline ON sluice.check_row_counts (pipeline, step, recorded_at DESC)
  WHERE checks_passed;
