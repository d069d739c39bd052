package dev.opsmcp.common.telemetry;

import dev.opsmcp.common.db.Database;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The read side of the {@code log_record} table, shared by every server that reads logs: pages in
 * (ts, id) order with keyset positions, counts, streams oldest or newest first, and per-minute
 * counts. The WHERE clause is assembled only from the constant fragments below, chosen by which
 * filters are present; every value is bound. Thread-safe.
 */
public final class LogStore {
  private static final RowMapper<StoredLog> MAPPER =
      (rs, ctx) ->
          new StoredLog(
              rs.getLong("id"),
              rs.getObject("ts", OffsetDateTime.class).toInstant(),
              rs.getString("service"),
              rs.getInt("severity_number"),
              rs.getString("level"),
              rs.getString("body"),
              rs.getString("attributes"),
              rs.getString("trace_id"),
              rs.getString("span_id"));
  private static final String COLUMNS =
      "SELECT id, ts, service, severity_number, level, body, attributes, trace_id, span_id"
          + " FROM log_record ";
  private static final int FETCH = 2_000;

  /** A place in the (ts, id) order. */
  public record Position(Instant ts, long id) {}

  /** How many matching records one service logged in one minute (epoch minute). */
  public record MinuteCount(String service, long minute, long count) {}

  private final Database db;

  public LogStore(Database db) {
    this.db = db;
  }

  /** Up to {@code limit} records after {@code after} (null = from the start), oldest first. */
  public List<StoredLog> page(LogQuery q, Position after, int limit) {
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

  public long count(LogQuery q) {
    return db.jdbi()
        .withHandle(
            h ->
                bind(h.createQuery("SELECT count(*) FROM log_record " + where(q)), q)
                    .mapTo(Long.class)
                    .one());
  }

  /** Streams up to {@code cap} matching records oldest first; returns how many were passed on. */
  public long stream(LogQuery q, long cap, Consumer<StoredLog> sink) {
    return stream(q, "ts, id", cap, sink);
  }

  /** Streams up to {@code cap} matching records newest first; returns how many were passed on. */
  public long streamNewestFirst(LogQuery q, long cap, Consumer<StoredLog> sink) {
    return stream(q, "ts DESC, id DESC", cap, sink);
  }

  /** Matching records per service and minute; minutes without a record are absent. */
  public List<MinuteCount> perMinute(LogQuery q) {
    return db.jdbi()
        .withHandle(
            h ->
                bind(
                        h.createQuery(
                            """
                            SELECT service, m, count(*) AS c FROM (
                              SELECT service, CAST(FLOOR(EXTRACT(EPOCH FROM ts) / 60) AS BIGINT) AS m
                              FROM log_record
                            """
                                + where(q)
                                + ") x GROUP BY service, m"),
                        q)
                    .map(
                        (rs, ctx) -> new MinuteCount(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                    .list());
  }

  /** {@code order} is one of the two constants above, never caller text. */
  private long stream(LogQuery q, String order, long cap, Consumer<StoredLog> sink) {
    return db.jdbi()
        .inTransaction(
            h -> {
              // A transaction and a fetch size make PostgreSQL stream with a cursor.
              Query query =
                  bind(
                          h.createQuery(
                              COLUMNS + where(q) + " ORDER BY " + order + " LIMIT :limit"),
                          q)
                      .bind("limit", cap)
                      .setFetchSize(FETCH);
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

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
