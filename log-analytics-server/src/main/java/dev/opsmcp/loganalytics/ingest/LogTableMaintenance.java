package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.job.BackgroundJob;
import dev.opsmcp.common.job.JobClaims;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's view of {@code log_record} current after bulk ingest, instead of waiting for
 * autovacuum (which wakes once a minute and then runs throttled): every 30 seconds, on one replica,
 * it reads the table's counters in {@code pg_stat_user_tables}; once the rows inserted since the
 * last vacuum pass {@link #threshold(long) a tenth of the table} (at least {@code minRows}), it
 * runs {@code VACUUM (ANALYZE)}. For an insert-only table that pass reads only the pages added
 * since the last one (the visibility map skips the rest): it sets their hint bits and marks them
 * all-visible, so the first query over fresh rows does not pay for that, and counts over a window
 * are index-only scans; the statistics it refreshes let the planner see the rows at all. Counts
 * from any writer (COPY, other replicas) are seen, since they are the database's own.
 */
public final class LogTableMaintenance implements BackgroundJob {
  private static final Logger LOG = LoggerFactory.getLogger(LogTableMaintenance.class);
  public static final Duration PERIOD = Duration.ofSeconds(30);
  public static final long MIN_ROWS = 200_000;

  private final Database db;
  private final long minRows;
  private final JobClaims claims;

  public LogTableMaintenance(Database db, long minRows) {
    if (db.kind() != DatabaseKind.POSTGRESQL) {
      throw new IllegalArgumentException("log table maintenance is for PostgreSQL");
    }
    this.db = db;
    this.minRows = minRows;
    this.claims = new JobClaims(db);
  }

  /** The job on PostgreSQL; none on the embedded database (it keeps no such counters). */
  public static Optional<LogTableMaintenance> forDatabase(Database db) {
    return db.kind() == DatabaseKind.POSTGRESQL
        ? Optional.of(new LogTableMaintenance(db, MIN_ROWS))
        : Optional.empty();
  }

  @Override
  public String name() {
    return "log-table-maintenance";
  }

  @Override
  public Duration period() {
    return PERIOD;
  }

  @Override
  public Duration firstDelay() {
    return PERIOD;
  }

  @Override
  public Optional<JobClaims> oncePerCluster() {
    return Optional.of(claims);
  }

  /** Rows inserted since the last vacuum that make a pass due, for a table of {@code live} rows. */
  long threshold(long live) {
    return Math.max(minRows, live / 10);
  }

  @Override
  public void run() {
    runIfDue();
  }

  /** One check; true when it vacuumed and analyzed the table. */
  public boolean runIfDue() {
    long[] counts =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            """
                            SELECT n_live_tup, n_ins_since_vacuum FROM pg_stat_user_tables
                            WHERE relid = CAST('log_record' AS regclass)
                            """)
                        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .findOne()
                        .orElse(new long[] {0, 0}));
    if (counts[1] < threshold(counts[0])) {
      return false;
    }
    long t0 = System.nanoTime();
    db.jdbi().useHandle(h -> h.execute("VACUUM (ANALYZE) log_record"));
    LOG.info(
        "log_record: VACUUM (ANALYZE) after {} inserted rows ({} live) took {} ms",
        counts[1],
        counts[0],
        (System.nanoTime() - t0) / 1_000_000);
    return true;
  }
}
