package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.job.Retention;
import dev.opsmcp.common.job.RetentionTable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The metric store's retention: points, rollups and buckets older than the period are deleted
 * hourly by the common {@link Retention} job, by their {@code ts} indexes.
 */
public final class MetricRetention {
  static final List<RetentionTable> TABLES =
      List.of(
          RetentionTable.byTime("metric_point"),
          RetentionTable.byTime("metric_rollup_1m"),
          RetentionTable.byTime("metric_rollup_1h"),
          RetentionTable.byTime("metric_bucket_1m"),
          RetentionTable.byTime("metric_bucket_1h"));

  private MetricRetention() {}

  public static Retention job(Database db, Clock clock, Duration retention) {
    return new Retention("metric-retention", db, clock, retention, TABLES);
  }
}
