-- Approvals are common's table now (common V6 creates `approval`), so orchestration's remediation
-- runs and messaging's humans share one record. Carry existing rows over and drop the old table.
INSERT INTO approval
  (id, tenant_id, session_id, incident_id, action, details, risk, status, decision_comment,
   decided_by, created_at, expires_at, decided_at)
SELECT id, tenant_id, session_id, incident_id, action, details, risk, status, decision_comment,
       decided_by, created_at, expires_at, decided_at
FROM msg_approval;

DROP TABLE msg_approval;
