-- A human's inbox lists a tenant's pending approvals oldest first, a page at a time.
CREATE INDEX approval_pending ON approval (tenant_id, status, created_at, id);
