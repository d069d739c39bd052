package dev.opsmcp.loganalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writers and the log table's maintenance on the suite's database (both kinds in CI). */
class LogWriterIT {
  static Database db;

  @BeforeAll
  static void open() {
    db = TestDatabases.fresh();
    Migrations.migrate(db, "common");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static List<LogEntry> batch(String service, int n, String badBodyAt) {
    List<LogEntry> entries = new ArrayList<>();
    Instant base = Instant.parse("2026-03-01T10:00:00Z");
    for (int i = 0; i < n; i++) {
      entries.add(
          new LogEntry(
              service,
              base.plusNanos(i * 1_000L + 789),
              i % 10 == 0 ? 17 : 9,
              i % 10 == 0 ? "ERROR" : "INFO",
              i == n - 1 && badBodyAt != null ? badBodyAt : "line " + i + " tab\there \\ é",
              i % 2 == 0 ? null : "{\"k\":" + i + "}",
              i % 3 == 0 ? null : "5b8efff798038103d269b633813fc60c",
              null));
    }
    return entries;
  }

  static long count(String service) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM log_record WHERE service = :s")
                    .bind("s", service)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void aBatch_isStoredWhole_withEveryFieldAsSent() {
    LogWriter.forDatabase(db).write("acme", batch("whole", 3_000, null));
    assertThat(count("whole")).isEqualTo(3_000);
    var row =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT ts, severity_number, level, body, attributes, trace_id, span_id"
                                + " FROM log_record WHERE service = 'whole' ORDER BY ts, id"
                                + " OFFSET 2999")
                        .mapToMap()
                        .one());
    Instant ts =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT max(ts) FROM log_record WHERE service = 'whole'")
                        .mapTo(OffsetDateTime.class)
                        .one()
                        .toInstant());
    assertThat(ts).isEqualTo(Instant.parse("2026-03-01T10:00:00.002999Z"));
    assertThat(row.get("severity_number")).isEqualTo(9);
    assertThat(row.get("body")).isEqualTo("line 2999 tab\there \\ é");
    assertThat(row.get("attributes")).isEqualTo("{\"k\":2999}");
    assertThat(row.get("trace_id")).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(row.get("span_id")).isNull();
  }

  @Test
  void aBatchFailingAtItsLastRow_storesNothing() {
    // Past the first 64 KiB sent to PostgreSQL's COPY: rows already on the wire are undone too.
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "ALTER TABLE log_record ADD CONSTRAINT bench_no_boom CHECK (body <> 'boom')"));
    try {
      assertThatThrownBy(
              () -> LogWriter.forDatabase(db).write("acme", batch("boom", 3_000, "boom")))
          .isInstanceOf(RuntimeException.class);
      assertThat(count("boom")).isZero();
    } finally {
      db.jdbi().useHandle(h -> h.execute("ALTER TABLE log_record DROP CONSTRAINT bench_no_boom"));
    }
  }

  @Test
  void maintenance_vacuumsAndAnalyzes_onceEnoughRowsArrived_andNotBefore() {
    assumeTrue(db.kind() == DatabaseKind.POSTGRESQL, "PostgreSQL's counters only");
    LogTableMaintenance job = new LogTableMaintenance(db, 20_000);
    LogWriter writer = LogWriter.forDatabase(db);
    writer.write("acme", batch("few", 100, null));
    awaitStats(100);
    assertThat(job.runIfDue()).isFalse();
    for (int i = 0; i < 7; i++) {
      writer.write("acme", batch("many-" + i, 3_000, null));
    }
    awaitStats(21_000);
    assertThat(job.runIfDue()).isTrue();
    var stats =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT last_vacuum IS NOT NULL AS v, last_analyze IS NOT NULL AS a,"
                                + " n_ins_since_vacuum FROM pg_stat_user_tables"
                                + " WHERE relname = 'log_record'")
                        .mapToMap()
                        .one());
    assertThat(stats.get("v")).isEqualTo(true);
    assertThat(stats.get("a")).isEqualTo(true);
    assertThat(job.runIfDue()).isFalse(); // nothing new since
  }

  /** Backends report their counters within about a second of a commit. */
  private static void awaitStats(long inserted) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      long n =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT n_ins_since_vacuum FROM pg_stat_user_tables"
                                  + " WHERE relname = 'log_record'")
                          .mapTo(Long.class)
                          .findOne()
                          .orElse(0L));
      if (n >= inserted) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
