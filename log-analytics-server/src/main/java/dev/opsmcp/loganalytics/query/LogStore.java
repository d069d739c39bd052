package dev.opsmcp.loganalytics.query;

import dev.opsmcp.common.db.Database;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads log records in (ts, id) order with keyset paging. The WHERE clause is assembled only from
 * the constant fragments below, chosen by which filters are present; every value is bound.
 */
final class LogStore {
  private static final RowMapper<StoredLog> MAPPER =
      (rs, ctx) ->
          new StoredLog(
              rs.getLong("id"),
              rs.getObject("ts", OffsetDateTime.class).toInstant(),
              rs.getString("service"),
              rs.getString("level"),
              rs.getString("body"),
              rs.getString("attributes"),
              rs.getString("trace_id"),
              rs.getString("span_id"));
  private static final String COLUMNS =
      "SELECT id, ts, service, level, body, attributes, trace_id, span_id FROM log_record ";

  private final Database db;

  LogStore(Database db) {
    this.db = db;
  }

  /** Up to {@code limit} records after {@code after} (null = from the start). */
  List<StoredLog> page(LogQuery q, Position after, int limit) {
    return db.jdbi()
        .withHandle(
            h -> {
              String sql =
                  COLUMNS
                      + where(q)
                      + (after == null ? "" : " AND (ts, id) > (:after_ts, :after_id)")
                      + " ORDER BY ts, id LIMIT :limit";
              Query query = bind(h.createQuery(sql), q).bind("limit", limit);
              if (after != null) {
                query.bind("after_ts", utc(after.ts())).bind("after_id", after.id());
              }
              return query.map(MAPPER).list();
            });
  }

  long count(LogQuery q) {
    return db.jdbi()
        .withHandle(
            h ->
                bind(h.createQuery("SELECT count(*) FROM log_record " + where(q)), q)
                    .mapTo(Long.class)
                    .one());
  }

  /** Streams up to {@code cap} matching records in order; returns how many were passed on. */
  long stream(LogQuery q, long cap, Consumer<StoredLog> sink) {
    return db.jdbi()
        .inTransaction(
            h -> {
              // A transaction and a fetch size make PostgreSQL stream with a cursor.
              Query query =
                  bind(h.createQuery(COLUMNS + where(q) + " ORDER BY ts, id LIMIT :limit"), q)
                      .bind("limit", cap)
                      .setFetchSize(2_000);
              long[] n = {0};
              try (var rows = query.map(MAPPER).stream()) {
                rows.forEach(
                    r -> {
                      sink.accept(r);
                      n[0]++;
                    });
              }
              return n[0];
            });
  }

  private static String where(LogQuery q) {
    StringBuilder sql =
        new StringBuilder("WHERE tenant_id = :tenant AND ts >= :start AND ts < :end");
    if (!q.services().isEmpty()) {
      sql.append(" AND service IN (<services>)");
    }
    if (q.minSeverity() > 0) {
      sql.append(" AND severity_number >= :min_severity");
    }
    if (q.contains() != null) {
      sql.append(" AND body ILIKE :pattern ESCAPE '\\'");
    }
    return sql.toString();
  }

  private static Query bind(Query query, LogQuery q) {
    query.bind("tenant", q.tenant()).bind("start", utc(q.start())).bind("end", utc(q.end()));
    if (!q.services().isEmpty()) {
      query.bindList("services", q.services());
    }
    if (q.minSeverity() > 0) {
      query.bind("min_severity", q.minSeverity());
    }
    if (q.contains() != null) {
      query.bind("pattern", "%" + escapeLike(q.contains()) + "%");
    }
    return query;
  }

  static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static OffsetDateTime utc(java.time.Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** A place in the (ts, id) order. */
  record Position(java.time.Instant ts, long id) {}
}
