-- One finished analysis run (a sandboxed script execution) of a tenant.
CREATE TABLE analysis_run (
  id               TEXT PRIMARY KEY,
  tenant_id        TEXT NOT NULL REFERENCES tenant (id),
  incident_id      BIGINT REFERENCES incident (id),
  script_path      TEXT NOT NULL,
  log_data_path    TEXT,
  status           TEXT NOT NULL,
  exit_code        INT,
  duration_ms      BIGINT NOT NULL,
  started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  stdout           TEXT NOT NULL,
  stdout_truncated BOOLEAN NOT NULL,
  stderr           TEXT NOT NULL,
  stderr_truncated BOOLEAN NOT NULL,
  result           TEXT,
  result_note      TEXT,
  files            TEXT NOT NULL,
  rejected_files   TEXT NOT NULL,
  limit_note       TEXT
);

CREATE INDEX analysis_run_tenant_started ON analysis_run (tenant_id, started_at, id);
CREATE INDEX analysis_run_incident ON analysis_run (incident_id);
