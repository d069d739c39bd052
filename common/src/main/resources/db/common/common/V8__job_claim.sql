-- Which background job may run until when: a replica runs a database job (retention) only after it
-- moved claimed_until past now with one conditional UPDATE, so one pass runs per period however
-- many replicas there are.
CREATE TABLE job_claim (
  name          TEXT PRIMARY KEY,
  claimed_until TIMESTAMP WITH TIME ZONE NOT NULL,
  claimed_by    TEXT
);
