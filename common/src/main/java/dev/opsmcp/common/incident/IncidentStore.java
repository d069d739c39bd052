package dev.opsmcp.common.incident;

import dev.opsmcp.common.db.Database;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * The core incident store: create and find-by-id within a tenant. A foreign tenant's id reads as
 * absent. Thread-safe; holds no state beyond the database.
 */
public final class IncidentStore {
  private final Database db;

  public IncidentStore(Database db) {
    this.db = db;
  }

  /** Opens an incident for {@code tenant} (which must exist) and returns it. */
  public Incident create(
      String tenant,
      String title,
      Severity severity,
      List<String> services,
      OffsetDateTime startedAt) {
    List<String> sorted = List.copyOf(new TreeSet<>(services));
    OffsetDateTime started = startedAt.withOffsetSameInstant(ZoneOffset.UTC);
    long id =
        db.jdbi()
            .inTransaction(
                h -> {
                  long newId =
                      h.createUpdate(
                              """
                              INSERT INTO incident
                                (tenant_id, title, severity, status, started_at, created_at)
                              VALUES (:tenant, :title, :severity, :status, :started, :now)
                              """)
                          .bind("tenant", tenant)
                          .bind("title", title)
                          .bind("severity", severity.name())
                          .bind("status", IncidentStatus.OPEN.name())
                          .bind("started", started)
                          .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                          .executeAndReturnGeneratedKeys("id")
                          .mapTo(Long.class)
                          .one();
                  var batch =
                      h.prepareBatch(
                          "INSERT INTO incident_service (incident_id, service) VALUES (:id, :s)");
                  for (String service : sorted) {
                    batch.bind("id", newId).bind("s", service).add();
                  }
                  if (!sorted.isEmpty()) {
                    batch.execute();
                  }
                  return newId;
                });
    return new Incident(id, tenant, title, severity, IncidentStatus.OPEN, sorted, started, null);
  }

  /** The incident with {@code id} of {@code tenant}; empty when absent or another tenant's. */
  public Optional<Incident> find(String tenant, long id) {
    return db.jdbi().withHandle(h -> find(h, tenant, id));
  }

  private static Optional<Incident> find(Handle h, String tenant, long id) {
    List<String> services =
        h.createQuery(
                """
                SELECT s.service FROM incident_service s JOIN incident i ON i.id = s.incident_id
                WHERE i.tenant_id = :tenant AND i.id = :id ORDER BY s.service
                """)
            .bind("tenant", tenant)
            .bind("id", id)
            .mapTo(String.class)
            .list();
    return h.createQuery(
            """
            SELECT id, tenant_id, title, severity, status, started_at, resolved_at
            FROM incident WHERE tenant_id = :tenant AND id = :id
            """)
        .bind("tenant", tenant)
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Incident(
                    rs.getLong("id"),
                    rs.getString("tenant_id"),
                    rs.getString("title"),
                    Severity.valueOf(rs.getString("severity")),
                    IncidentStatus.valueOf(rs.getString("status")),
                    services,
                    rs.getObject("started_at", OffsetDateTime.class),
                    rs.getObject("resolved_at", OffsetDateTime.class)))
        .findOne();
  }
}
