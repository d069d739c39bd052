-- The REST list of a tenant's remediation runs, newest first, with or without an incident filter.
CREATE INDEX remediation_run_tenant_created ON remediation_run (tenant_id, created_at, id);
