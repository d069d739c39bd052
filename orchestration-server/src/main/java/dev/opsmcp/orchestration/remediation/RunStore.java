package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import tools.jackson.core.type.TypeReference;

/** SQL of remediation runs. Every state change is a conditional UPDATE: one writer wins. */
final class RunStore {
  private final Database db;

  RunStore(Database db) {
    this.db = db;
  }

  static void insert(Handle h, String tenant, Run r) {
    h.createUpdate(
            """
            INSERT INTO remediation_run
              (id, tenant_id, incident_id, runbook, kind, risk, parameters, plan, idempotency_key,
               status, approval_id, requested_by, created_at, started_at)
            VALUES (:id, :tenant, :incident, :runbook, :kind, :risk, :params, :plan, :key,
                    :status, :approval, :by, :created, :started)
            """)
        .bind("id", r.runId())
        .bind("tenant", tenant)
        .bind("incident", r.incidentId())
        .bind("runbook", r.runbook())
        .bind("kind", r.kind())
        .bind("risk", r.risk())
        .bind("params", Json.write(r.parameters()))
        .bind("plan", Json.write(r.plan()))
        .bind("key", r.idempotencyKey())
        .bind("status", r.status())
        .bind("approval", r.approvalId())
        .bind("by", r.requestedBy())
        .bind("created", r.createdAt())
        .bind("started", r.startedAt())
        .execute();
  }

  Optional<Run> find(String tenant, String id) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT * FROM remediation_run WHERE tenant_id = :t AND id = :id")
                    .bind("t", tenant)
                    .bind("id", id)
                    .map((rs, ctx) -> row(rs))
                    .findOne());
  }

  Optional<Run> byIdempotencyKey(String tenant, String key) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT * FROM remediation_run WHERE tenant_id = :t AND idempotency_key = :k")
                    .bind("t", tenant)
                    .bind("k", key)
                    .map((rs, ctx) -> row(rs))
                    .findOne());
  }

  List<Run> forIncident(String tenant, long incidentId) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT * FROM remediation_run WHERE tenant_id = :t AND incident_id = :i"
                            + " ORDER BY created_at, id LIMIT 200")
                    .bind("t", tenant)
                    .bind("i", incidentId)
                    .map((rs, ctx) -> row(rs))
                    .list());
  }

  /**
   * The tenant's runs newest first, of one incident when {@code incidentId} is set, after the run
   * ({@code afterAt}, {@code afterId}) when set; at most {@code fetch}.
   */
  List<Run> page(
      String tenant, Long incidentId, OffsetDateTime afterAt, String afterId, int fetch) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT * FROM remediation_run
                        WHERE tenant_id = :t
                          AND (CAST(:i AS BIGINT) IS NULL OR incident_id = :i)
                          AND (CAST(:at AS TIMESTAMP WITH TIME ZONE) IS NULL
                               OR created_at < :at OR (created_at = :at AND id < :id))
                        ORDER BY created_at DESC, id DESC
                        LIMIT :fetch
                        """)
                    .bind("t", tenant)
                    .bind("i", incidentId)
                    .bind("at", afterAt)
                    .bind("id", afterId)
                    .bind("fetch", fetch)
                    .map((rs, ctx) -> row(rs))
                    .list());
  }

  /** Runs waiting on an approval that is no longer simply pending (decided or past expiry). */
  List<String[]> settleable(OffsetDateTime now) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT r.tenant_id, r.id FROM remediation_run r
                        JOIN approval a ON a.id = r.approval_id AND a.tenant_id = r.tenant_id
                        WHERE r.status = 'pending_approval'
                          AND (a.status <> 'pending' OR a.expires_at <= :now)
                        ORDER BY r.created_at LIMIT 100
                        """)
                    .bind("now", now)
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .list());
  }

  /** pending_approval → running, only once across every replica; true for the winner. */
  boolean claim(String tenant, String id, String approvedBy) {
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            """
                            UPDATE remediation_run
                            SET status = 'running', approved_by = :by, started_at = :now
                            WHERE tenant_id = :t AND id = :id AND status = 'pending_approval'
                            """)
                        .bind("by", approvedBy)
                        .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                        .bind("t", tenant)
                        .bind("id", id)
                        .execute())
        == 1;
  }

  /** pending_approval → denied or expired; true when this call made the change. */
  boolean refuse(String tenant, String id, String status, String error, String decidedBy) {
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            """
                            UPDATE remediation_run
                            SET status = :status, error = :error, approved_by = :by, finished_at = :now
                            WHERE tenant_id = :t AND id = :id AND status = 'pending_approval'
                            """)
                        .bind("status", status)
                        .bind("error", error)
                        .bind("by", decidedBy)
                        .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                        .bind("t", tenant)
                        .bind("id", id)
                        .execute())
        == 1;
  }

  /**
   * Runs still {@code running} long after any timeout: the process that ran them stopped mid-run.
   * They are marked failed, saying the action may have partly taken effect.
   */
  int abandon(OffsetDateTime startedBefore) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE remediation_run
                        SET status = 'failed', finished_at = :now,
                            error = 'the server running it stopped mid-run; it may have partly taken effect'
                        WHERE status = 'running' AND started_at < :before
                        """)
                    .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                    .bind("before", startedBefore)
                    .execute());
  }

  /** Records the outcome of a running run inside the caller's transaction. */
  void finish(Handle h, String tenant, String id, Outcome o) {
    h.createUpdate(
            """
                        UPDATE remediation_run
                        SET status = :status, exit_status = :exit, output = :output, error = :error,
                            finished_at = :now, duration_ms = :ms
                        WHERE tenant_id = :t AND id = :id AND status = 'running'
                        """)
        .bind("status", o.status())
        .bind("exit", o.exitStatus())
        .bind("output", o.output())
        .bind("error", o.error())
        .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
        .bind("ms", o.durationMs())
        .bind("t", tenant)
        .bind("id", id)
        .execute();
  }

  private static Run row(ResultSet rs) throws SQLException {
    long duration = rs.getLong("duration_ms");
    Long durationMs = rs.wasNull() ? null : duration;
    int exit = rs.getInt("exit_status");
    Integer exitStatus = rs.wasNull() ? null : exit;
    return new Run(
        rs.getString("id"),
        rs.getLong("incident_id"),
        rs.getString("runbook"),
        rs.getString("kind"),
        rs.getString("risk"),
        Json.MAPPER.readValue(
            rs.getString("parameters"), new TypeReference<Map<String, String>>() {}),
        Json.MAPPER.readValue(rs.getString("plan"), Plan.class),
        rs.getString("idempotency_key"),
        rs.getString("status"),
        rs.getString("approval_id"),
        rs.getString("requested_by"),
        rs.getString("approved_by"),
        exitStatus,
        rs.getString("output"),
        rs.getString("error"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("started_at", OffsetDateTime.class),
        rs.getObject("finished_at", OffsetDateTime.class),
        durationMs);
  }
}
