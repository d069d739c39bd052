package dev.opsmcp.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestClock;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BackgroundJobsIT {

  /** Runs every 20 ms and records what a client saw of its own server at that moment. */
  static final class Probe implements BackgroundJob {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final AtomicReference<Supplier<String>> baseUrl = new AtomicReference<>();

    @Override
    public String name() {
      return "probe";
    }

    @Override
    public Duration period() {
      return Duration.ofMillis(20);
    }

    @Override
    public Duration firstDelay() {
      return Duration.ZERO;
    }

    @Override
    public void run() {
      try {
        seen.add("health " + Http.get(baseUrl.get().get() + "/health").statusCode());
      } catch (RuntimeException e) {
        seen.add("before bind: " + e.getMessage());
      }
    }
  }

  @Test
  void aJob_startsAfterBind_andStopsOnClose() throws Exception {
    Probe probe = new Probe();
    ServerSpec spec =
        new ServerSpec(
            "jobs",
            "OPSMCP_JOBS_PORT",
            0,
            List.of(),
            ctx -> {
              McpHost.Builder b = McpHost.builder(ctx).job(probe);
              probe.baseUrl.set(b.baseUrl());
              return b.start();
            });
    TestServer server = TestServer.start(spec);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (probe.seen.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(probe.seen).hasSizeGreaterThanOrEqualTo(3).allMatch(s -> s.equals("health 200"));
    } finally {
      server.close();
    }
    int atClose = probe.seen.size();
    Thread.sleep(300);
    assertThat(probe.seen).hasSize(atClose);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("jobs-jobs") && t.isAlive());
  }

  /** Runs only when woken (its period is an hour); each pass takes 100 ms. */
  static final class Woken implements BackgroundJob {
    final AtomicInteger passes = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public String name() {
      return "woken";
    }

    @Override
    public Duration period() {
      return Duration.ofHours(1);
    }

    @Override
    public Duration firstDelay() {
      return Duration.ofHours(1);
    }

    @Override
    public boolean wakesOn(String signal) {
      return signal.startsWith("due:");
    }

    @Override
    public void run() throws InterruptedException {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(100);
        passes.incrementAndGet();
      } finally {
        running.decrementAndGet();
      }
    }
  }

  @Test
  void aJob_runsAtOnceOnASignalItWakesOn_onePassAtATime_andNotOnOthers() throws Exception {
    Woken job = new Woken();
    ServerSpec spec =
        new ServerSpec(
            "woken",
            "OPSMCP_WOKEN_PORT",
            0,
            List.of(),
            ctx -> McpHost.builder(ctx).job(job).start());
    try (TestServer server = TestServer.start(spec)) {
      var signals = server.process().signals();
      signals.signal("other:1");
      Thread.sleep(300);
      assertThat(job.passes).hasValue(0);

      signals.signal("due:1");
      awaitPasses(job, 1);
      // a burst while a pass runs: one more pass after it, never two at once
      for (int i = 0; i < 20; i++) {
        signals.signal("due:" + i);
      }
      Thread.sleep(600);
      assertThat(job.passes.get()).as("20 signals coalesced").isBetween(2, 4);
      assertThat(job.mostAtOnce).hasValue(1);
    }
  }

  private static void awaitPasses(Woken job, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (job.passes.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(job.passes.get()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void retention_deletesOnlyExpiredRows_inBatches_andClaimsItsPassesOnItsDatabase() {
    try (Database db = TestDatabases.fresh()) {
      Migrations.migrateAll(db, List.of("testjobs"));
      TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
      Instant now = clock.instant();
      for (int i = 0; i < 7; i++) {
        insert(db, now.minus(10 + i, ChronoUnit.DAYS), "old");
      }
      for (int i = 0; i < 4; i++) {
        insert(db, now.minus(8, ChronoUnit.DAYS), "old tie"); // ties across a batch boundary
      }
      insert(db, now.minus(7, ChronoUnit.DAYS).plusSeconds(1), "kept: just inside");
      insert(db, now.minus(1, ChronoUnit.HOURS), "kept: recent");
      Retention retention =
          new Retention(
              "sample-retention",
              db,
              clock,
              Duration.ofDays(7),
              List.of(RetentionTable.byTime("job_sample")),
              3);

      retention.run();
      assertThat(notes(db)).containsExactlyInAnyOrder("kept: just inside", "kept: recent");

      clock.advance(Duration.ofMinutes(10)); // "just inside" has expired now
      retention.run();
      assertThat(notes(db)).containsExactly("kept: recent");
      assertThat(retention.oncePerCluster()).isPresent();
    }
  }

  private static void insert(Database db, Instant ts, String note) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate("INSERT INTO job_sample (ts, note) VALUES (:ts, :note)")
                    .bind("ts", ts.atOffset(ZoneOffset.UTC))
                    .bind("note", note)
                    .execute());
  }

  private static List<String> notes(Database db) {
    return db.jdbi()
        .withHandle(h -> h.createQuery("SELECT note FROM job_sample").mapTo(String.class).list());
  }
}
