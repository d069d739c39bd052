package dev.opsmcp.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of a server, as two job runners each on its own connection pool to one database, run
 * a periodic job: a job declared once per cluster runs once per period across both, and the
 * survivor takes over when one stops; an undeclared job runs on both.
 */
class OncePerClusterIT {
  private static final Duration PERIOD = Duration.ofMillis(500);

  /** One replica's instance of a job; every pass is recorded in {@code passes} shared by both. */
  record Recording(String name, String replica, Optional<JobClaims> claims, List<Pass> passes)
      implements BackgroundJob {
    @Override
    public Duration period() {
      return PERIOD;
    }

    @Override
    public Duration firstDelay() {
      return Duration.ZERO;
    }

    @Override
    public Optional<JobClaims> oncePerCluster() {
      return claims;
    }

    @Override
    public void run() throws InterruptedException {
      passes.add(new Pass(replica, System.nanoTime()));
      Thread.sleep(50); // a pass takes a while, as a batch of deletes does
    }
  }

  record Pass(String replica, long startedNanos) {}

  @Test
  void aJobDeclaredOncePerCluster_runsOncePerPeriodAcrossTwoReplicas_andTheSurvivorTakesOver()
      throws Exception {
    DatabaseConfig config = TestDatabases.freshConfig();
    try (Database poolA = Database.open(config);
        Database poolB = Database.open(config)) {
      Migrations.migrateAll(poolA, List.of());
      List<Pass> once = new CopyOnWriteArrayList<>();
      List<Pass> everywhere = new CopyOnWriteArrayList<>();
      JobRunner a = runner("a", poolA, once, everywhere);
      JobRunner b = runner("b", poolB, once, everywhere);
      long started = System.nanoTime();
      Thread.sleep(PERIOD.multipliedBy(10).toMillis());
      a.close();
      long elapsed = System.nanoTime() - started;
      int atClose = once.size();
      int periods = (int) (elapsed / PERIOD.toNanos());
      System.out.printf(
          "[once-per-cluster] %d periods of %d ms: %d claimed passes (%s), %d unclaimed%n",
          periods, PERIOD.toMillis(), atClose, byReplica(once), everywhere.size());

      // A claim holds 9/10 of a period: at most one pass per 450 ms across both replicas.
      assertThat(atClose).isBetween(periods - 3, periods * 10 / 9 + 1);
      assertThat(gapsMillis(once))
          .as("gaps between passes of the claimed job, in ms")
          .allMatch(gap -> gap >= PERIOD.toMillis() * 9 / 10 - 150);
      assertThat(everywhere.size())
          .as("the same job without a claim runs on both replicas")
          .isGreaterThanOrEqualTo(atClose * 3 / 2);

      Thread.sleep(PERIOD.multipliedBy(4).toMillis());
      b.close();
      List<Pass> afterA = once.subList(atClose, once.size());
      assertThat(afterA).as("b's passes after a stopped").hasSizeBetween(2, 5);
      assertThat(afterA).allMatch(p -> p.replica().equals("b"));
    }
  }

  private static JobRunner runner(
      String replica, Database db, List<Pass> once, List<Pass> everywhere) {
    JobRunner runner =
        new JobRunner(
            replica,
            List.of(
                new Recording("sweep", replica, Optional.of(new JobClaims(db)), once),
                new Recording("local", replica, Optional.empty(), everywhere)),
            null);
    runner.start();
    return runner;
  }

  private static List<Long> gapsMillis(List<Pass> passes) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < passes.size(); i++) {
      gaps.add((passes.get(i).startedNanos() - passes.get(i - 1).startedNanos()) / 1_000_000);
    }
    return gaps;
  }

  private static String byReplica(List<Pass> passes) {
    long a = passes.stream().filter(p -> p.replica().equals("a")).count();
    return "a " + a + ", b " + (passes.size() - a);
  }
}
