-- Marking the human's reply to a question or approval read looks its messages up by ref_id;
-- without this index every delivered answer scanned msg_message across tenants.
CREATE INDEX msg_message_ref ON msg_message (ref_id);
