package dev.opsmcp.monitoring.rca;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.telemetry.LogQuery;
import dev.opsmcp.common.telemetry.LogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Error and fatal log lines per service per step, from the log records ({@link LogStore}): one more
 * series per service for the analysis. Counted per minute in SQL.
 */
public final class LogErrorCounts {
  private static final int ERROR_SEVERITY = 17;

  private final LogStore logs;

  public LogErrorCounts(Database db) {
    this.logs = new LogStore(db);
  }

  /** Per service, errors per step over [from, to); services with no error line are absent. */
  public Map<String, double[]> read(String tenant, Instant from, Instant to, Duration step) {
    int n = (int) Math.max(1, Duration.between(from, to).dividedBy(step));
    Map<String, double[]> out = new HashMap<>();
    LogQuery errors = new LogQuery(tenant, from, to, List.of(), ERROR_SEVERITY, null);
    for (LogStore.MinuteCount c : logs.perMinute(errors)) {
      long i = (c.minute() * 60_000L - from.toEpochMilli()) / step.toMillis();
      if (i >= 0 && i < n) {
        out.computeIfAbsent(c.service(), k -> new double[n])[(int) i] += c.count();
      }
    }
    return out;
  }
}
