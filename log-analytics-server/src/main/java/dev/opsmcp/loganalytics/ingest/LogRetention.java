package dev.opsmcp.loganalytics.ingest;

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
 * Deletes log records older than the retention period, hourly (and once shortly after start), in
 * chunks so no single transaction grows large. Close it to stop.
 */
public final class LogRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);
  private static final int CHUNK = 50_000;

  private final Database db;
  private final Duration retention;
  private final Runnable alsoEachRun;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "log-retention");
            t.setDaemon(true);
            return t;
          });

  /** {@code alsoEachRun} runs after each pass (the server cleans old workspace files with it). */
  public LogRetention(Database db, Duration retention, Runnable alsoEachRun) {
    this.db = db;
    this.retention = retention;
    this.alsoEachRun = alsoEachRun;
  }

  public LogRetention start() {
    timer.scheduleWithFixedDelay(this::runSafely, 1, 60, TimeUnit.MINUTES);
    return this;
  }

  private void runSafely() {
    try {
      long deleted = deleteExpired();
      if (deleted > 0) {
        LOG.info("retention: deleted {} log records older than {}", deleted, retention);
      }
      alsoEachRun.run();
    } catch (RuntimeException e) {
      LOG.warn("retention run failed: {}", e.toString());
    }
  }

  /** Deletes every record older than now minus the retention; returns how many. */
  public long deleteExpired() {
    OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(retention);
    List<String> tenants =
        db.jdbi()
            .withHandle(h -> h.createQuery("SELECT id FROM tenant").mapTo(String.class).list());
    long total = 0;
    for (String tenant : tenants) {
      // Per tenant, so the (tenant_id, ts) index finds the old rows.
      int n;
      do {
        n =
            db.jdbi()
                .withHandle(
                    h ->
                        h.createUpdate(
                                """
                                DELETE FROM log_record WHERE id IN (
                                  SELECT id FROM log_record
                                  WHERE tenant_id = :tenant AND ts < :cutoff LIMIT :chunk)
                                """)
                            .bind("tenant", tenant)
                            .bind("cutoff", cutoff)
                            .bind("chunk", CHUNK)
                            .execute());
        total += n;
      } while (n == CHUNK);
    }
    return total;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
