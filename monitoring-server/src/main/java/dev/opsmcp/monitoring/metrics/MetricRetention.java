package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes metric points, rollups and buckets older than the retention, hourly (each run removes
 * about an hour's worth, by the {@code ts} indexes). Close it to stop.
 */
public final class MetricRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricRetention.class);
  private static final List<String> TABLES =
      List.of(
          "metric_point",
          "metric_rollup_1m",
          "metric_rollup_1h",
          "metric_bucket_1m",
          "metric_bucket_1h");

  private final Database db;
  private final Duration retention;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "metric-retention");
            t.setDaemon(true);
            return t;
          });

  public MetricRetention(Database db, Duration retention) {
    this.db = db;
    this.retention = retention;
  }

  public MetricRetention start() {
    timer.scheduleWithFixedDelay(this::runSafely, 2, 60, TimeUnit.MINUTES);
    return this;
  }

  private void runSafely() {
    try {
      long deleted = deleteExpired(OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
      if (deleted > 0) {
        LOG.info("retention: deleted {} metric rows older than {}", deleted, retention);
      }
    } catch (RuntimeException e) {
      LOG.warn("metric retention run failed: {}", e.toString());
    }
  }

  /** Deletes every row older than {@code cutoff}; returns how many. */
  public long deleteExpired(OffsetDateTime cutoff) {
    long total = 0;
    for (String table : TABLES) {
      total +=
          db.jdbi()
              .withHandle(
                  h ->
                      h.createUpdate("DELETE FROM " + table + " WHERE ts < :cutoff")
                          .bind("cutoff", cutoff)
                          .execute());
    }
    return total;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
