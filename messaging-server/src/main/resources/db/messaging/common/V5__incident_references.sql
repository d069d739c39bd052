-- Messaging's incident_id columns (msg_session, and approval, whose rows came from msg_approval)
-- become references to incident(id), checked by a foreign key. Before, they held whatever text an
-- agent sent ("17", "INC-42", "inc-7", "the db outage"), unchecked.
--
-- Upgrading must not fail on rows that name no incident. Each old value is kept, unchanged, in a new
-- incident_text column (read by nothing; it is there so that no one's note is lost), and incident_id
-- becomes the id of the incident the text names in the row's own tenant: "17" is the id, "INC-42"
-- (any case) the tenant's reference. Text that names no incident of that tenant (free text, another
-- tenant's id, a deleted incident) leaves incident_id null, so the foreign key holds for every row.
-- New rows get incident_id only from the one resolver in common (IncidentStore.resolve).
--
-- Portable: no column rename or type change (they differ between H2 and PostgreSQL): copy, drop,
-- re-add.

ALTER TABLE msg_session ADD COLUMN incident_text TEXT;
UPDATE msg_session SET incident_text = incident_id;
ALTER TABLE msg_session DROP COLUMN incident_id;
ALTER TABLE msg_session ADD COLUMN incident_id BIGINT;
UPDATE msg_session SET incident_id = (
  SELECT i.id FROM incident i
  WHERE i.tenant_id = msg_session.tenant_id
    AND (CAST(i.id AS VARCHAR(20)) = TRIM(msg_session.incident_text)
      OR CONCAT('INC-', CAST(i.ref_number AS VARCHAR(20))) = UPPER(TRIM(msg_session.incident_text))))
WHERE incident_text IS NOT NULL;
ALTER TABLE msg_session
  ADD CONSTRAINT msg_session_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id);
CREATE INDEX msg_session_incident_id ON msg_session (incident_id);

ALTER TABLE approval ADD COLUMN incident_text TEXT;
UPDATE approval SET incident_text = incident_id;
ALTER TABLE approval DROP COLUMN incident_id;
ALTER TABLE approval ADD COLUMN incident_id BIGINT;
UPDATE approval SET incident_id = (
  SELECT i.id FROM incident i
  WHERE i.tenant_id = approval.tenant_id
    AND (CAST(i.id AS VARCHAR(20)) = TRIM(approval.incident_text)
      OR CONCAT('INC-', CAST(i.ref_number AS VARCHAR(20))) = UPPER(TRIM(approval.incident_text))))
WHERE incident_text IS NOT NULL;
ALTER TABLE approval
  ADD CONSTRAINT approval_incident_fk FOREIGN KEY (incident_id) REFERENCES incident (id);
CREATE INDEX approval_incident_id ON approval (incident_id);
