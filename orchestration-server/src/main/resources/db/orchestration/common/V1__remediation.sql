-- Remediation runs: who asked, the plan that runs (header secrets only as references to environment variables), the
-- approval it waits on, who approved, and how it ended.
CREATE TABLE remediation_run (
  id              TEXT PRIMARY KEY,
  tenant_id       TEXT NOT NULL,
  incident_id     BIGINT NOT NULL REFERENCES incident (id),
  runbook         TEXT NOT NULL,
  kind            TEXT NOT NULL,
  risk            TEXT NOT NULL,
  parameters      TEXT NOT NULL,
  plan            TEXT NOT NULL,
  idempotency_key TEXT,
  status          TEXT NOT NULL,
  approval_id     TEXT,
  requested_by    TEXT NOT NULL,
  approved_by     TEXT,
  exit_status     INT,
  output          TEXT,
  error           TEXT,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at      TIMESTAMP WITH TIME ZONE,
  finished_at     TIMESTAMP WITH TIME ZONE,
  duration_ms     BIGINT
);

CREATE UNIQUE INDEX remediation_run_idempotency ON remediation_run (tenant_id, idempotency_key);
CREATE INDEX remediation_run_status ON remediation_run (status);
CREATE INDEX remediation_run_incident ON remediation_run (incident_id, created_at);
