-- Postmortems: every document_resolution writes a new version; the newest is the current one.
CREATE TABLE postmortem (
  tenant_id   TEXT NOT NULL,
  incident_id BIGINT NOT NULL REFERENCES incident (id),
  version     INT NOT NULL,
  markdown    TEXT NOT NULL,
  root_cause  TEXT NOT NULL,
  resolution  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (incident_id, version)
);
