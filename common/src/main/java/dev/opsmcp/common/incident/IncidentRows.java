package dev.opsmcp.common.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads incident rows with their services. */
final class IncidentRows {
  static final String COLUMNS =
      "i.id, i.ref_number, i.tenant_id, i.title, i.severity, i.status, i.summary, i.dedupe_key,"
          + " i.started_at, i.resolved_at, i.updated_at";

  private IncidentRows() {}

  static Optional<Incident> find(Handle h, String tenant, long id, boolean forUpdate) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM incident i WHERE i.tenant_id = :tenant AND i.id = :id"
                + (forUpdate ? " FOR UPDATE" : ""))
        .bind("tenant", tenant)
        .bind("id", id)
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(r -> r.with(services(h, List.of(r.id)).getOrDefault(r.id, List.of())));
  }

  static Optional<Long> idOfRef(Handle h, String tenant, long number) {
    return h.createQuery("SELECT id FROM incident WHERE tenant_id = :tenant AND ref_number = :n")
        .bind("tenant", tenant)
        .bind("n", number)
        .mapTo(Long.class)
        .findOne();
  }

  /** Rows → incidents, services loaded in one query. */
  static List<Incident> withServices(Handle h, List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, List<String>> services = services(h, rows.stream().map(r -> r.id).toList());
    List<Incident> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(r.with(services.getOrDefault(r.id, List.of())));
    }
    return out;
  }

  private static Map<Long, List<String>> services(Handle h, List<Long> ids) {
    Map<Long, List<String>> out = new HashMap<>();
    h.createQuery(
            "SELECT incident_id, service FROM incident_service WHERE incident_id IN (<ids>)"
                + " ORDER BY incident_id, service")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return out;
  }

  static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getLong("ref_number"),
        rs.getString("tenant_id"),
        rs.getString("title"),
        Severity.valueOf(rs.getString("severity")),
        IncidentStatus.valueOf(rs.getString("status")),
        rs.getString("summary"),
        rs.getString("dedupe_key"),
        rs.getObject("started_at", OffsetDateTime.class),
        rs.getObject("resolved_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class));
  }

  record Row(
      long id,
      long number,
      String tenant,
      String title,
      Severity severity,
      IncidentStatus status,
      String summary,
      String dedupeKey,
      OffsetDateTime startedAt,
      OffsetDateTime resolvedAt,
      OffsetDateTime updatedAt) {
    Incident with(List<String> services) {
      return new Incident(
          id,
          IncidentRef.format(number),
          tenant,
          title,
          severity,
          status,
          services,
          summary,
          dedupeKey,
          startedAt,
          resolvedAt,
          updatedAt);
    }
  }
}
