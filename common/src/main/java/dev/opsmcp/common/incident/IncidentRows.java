package dev.opsmcp.common.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** Reads incident rows with their services. */
final class IncidentRows {
  static final String COLUMNS =
      "i.id, i.ref_number, i.tenant_id, i.title, i.severity, i.status, i.summary, i.dedupe_key,"
          + " i.started_at, i.resolved_at, i.updated_at";

  /**
   * Incidents {@code i} joined with their services {@code sv}: one round trip for both. Follow with
   * a condition on {@code i} and an {@code ORDER BY} that keeps an incident's rows together.
   */
  static final String WITH_SERVICES = withServices("incident i") + " WHERE ";

  /** {@link #WITH_SERVICES} over {@code incidents}, a table expression named {@code i}. */
  static String withServices(String incidents) {
    return "SELECT "
        + COLUMNS
        + ", sv.service FROM "
        + incidents
        + " LEFT JOIN incident_service sv ON sv.incident_id = i.id";
  }

  private IncidentRows() {}

  static Optional<Incident> find(Handle h, String tenant, long id, boolean forUpdate) {
    if (forUpdate) { // a row lock cannot take the nullable side of an outer join: two queries
      return h.createQuery(
              "SELECT "
                  + COLUMNS
                  + " FROM incident i WHERE i.tenant_id = :tenant AND i.id = :id"
                  + " FOR UPDATE")
          .bind("tenant", tenant)
          .bind("id", id)
          .map((rs, ctx) -> row(rs))
          .findOne()
          .map(r -> r.with(services(h, List.of(r.id)).getOrDefault(r.id, List.of())));
    }
    return first(
        h.createQuery(WITH_SERVICES + "i.tenant_id = :tenant AND i.id = :id ORDER BY sv.service")
            .bind("tenant", tenant)
            .bind("id", id));
  }

  /** The incident with reference number {@code number} ({@code INC-42}) of the tenant. */
  static Optional<Incident> findByRef(Handle h, String tenant, long number) {
    return first(
        h.createQuery(
                WITH_SERVICES + "i.tenant_id = :tenant AND i.ref_number = :n ORDER BY sv.service")
            .bind("tenant", tenant)
            .bind("n", number));
  }

  /** The tenant's newest incident opened with {@code key}, whatever its status. */
  static Optional<Incident> latestWithKey(Handle h, String tenant, String key) {
    return first(
        h.createQuery(
                WITH_SERVICES
                    + "i.tenant_id = :tenant AND i.id = (SELECT MAX(id) FROM incident"
                    + " WHERE tenant_id = :tenant AND dedupe_key = :key) ORDER BY sv.service")
            .bind("tenant", tenant)
            .bind("key", key));
  }

  private static Optional<Incident> first(Query q) {
    List<Incident> found = joined(q);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The rows of a {@link #WITH_SERVICES} query → incidents in order, each with its services. */
  static List<Incident> joined(Query q) {
    Map<Long, Row> rows = new LinkedHashMap<>();
    Map<Long, List<String>> services = new HashMap<>();
    q.map((rs, ctx) -> new Joined(row(rs), rs.getString("service")))
        .forEach(
            j -> {
              rows.putIfAbsent(j.row().id, j.row());
              List<String> of = services.computeIfAbsent(j.row().id, k -> new ArrayList<>());
              if (j.service() != null) {
                of.add(j.service());
              }
            });
    List<Incident> out = new ArrayList<>(rows.size());
    rows.forEach((id, r) -> out.add(r.with(List.copyOf(services.get(id)))));
    return out;
  }

  private record Joined(Row row, String service) {}

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
