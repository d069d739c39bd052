-- A human's inbox lists a tenant's pending questions oldest first, a page at a time.
CREATE INDEX msg_question_pending ON msg_question (tenant_id, status, created_at, id);
