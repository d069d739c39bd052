package dev.opsmcp.monitoring.rca;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Error and fatal log lines per service per step, from the {@code log_record} table log-analytics
 * writes: one more series per service for the analysis. Counted per minute in SQL.
 */
public final class LogErrorCounts {
  private static final int ERROR_SEVERITY = 17;

  private final Database db;

  public LogErrorCounts(Database db) {
    this.db = db;
  }

  /** Per service, errors per step over [from, to); services with no error line are absent. */
  public Map<String, double[]> read(String tenant, Instant from, Instant to, Duration step) {
    int n = (int) Math.max(1, Duration.between(from, to).dividedBy(step));
    Map<String, double[]> out = new HashMap<>();
    db.jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        """
                        SELECT service, m, count(*) AS c FROM (
                          SELECT service, CAST(FLOOR(EXTRACT(EPOCH FROM ts) / 60) AS BIGINT) AS m
                          FROM log_record
                          WHERE tenant_id = :t AND ts >= :from AND ts < :to
                            AND severity_number >= :sev) x
                        GROUP BY service, m
                        """)
                    .bind("t", tenant)
                    .bind("from", from.atOffset(ZoneOffset.UTC))
                    .bind("to", to.atOffset(ZoneOffset.UTC))
                    .bind("sev", ERROR_SEVERITY)
                    .map(
                        (rs, ctx) -> {
                          long minuteStart = rs.getLong("m") * 60_000L;
                          long i = (minuteStart - from.toEpochMilli()) / step.toMillis();
                          if (i >= 0 && i < n) {
                            out.computeIfAbsent(
                                        rs.getString("service"),
                                        k -> {
                                          double[] zeros = new double[n];
                                          Arrays.fill(zeros, 0);
                                          return zeros;
                                        })[(int) i] +=
                                rs.getLong("c");
                          }
                          return null;
                        })
                    .list());
    return out;
  }
}
