package dev.opsmcp.monitoring.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DrainTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static List<LogCluster> mine(Drain d, String... lines) {
    for (int i = 0; i < lines.length; i++) {
      d.add(lines[i], T0.plusSeconds(i), 9, true);
    }
    return d.clusters().stream().sorted(Comparator.comparing(LogCluster::template)).toList();
  }

  @Test
  void masksVariables_soLinesDifferingOnlyInThemShareATemplate() {
    List<LogCluster> c =
        mine(
            new Drain(),
            "GET /api/orders/42 from 10.0.0.7 took 35ms status=200",
            "GET /api/orders/7 from 10.0.0.9 took 120ms status=200",
            "GET /api/users/3 from 192.168.1.2 took 2ms status=404");
    assertThat(c).hasSize(1);
    assertThat(c.get(0).template()).isEqualTo("GET <PATH> from <IP> took <DUR> status=<NUM>");
    assertThat(c.get(0).count).isEqualTo(3);
    assertThat(c.get(0).example).isEqualTo("GET /api/orders/42 from 10.0.0.7 took 35ms status=200");
    assertThat(c.get(0).firstSeen).isEqualTo(T0);
    assertThat(c.get(0).lastSeen).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void differingWords_becomeWildcards_aboveTheSimilarityThreshold() {
    List<LogCluster> c =
        mine(
            new Drain(),
            "connection to db-primary lost, retrying",
            "connection to db-replica lost, retrying",
            "connection to cache lost, retrying");
    assertThat(c).hasSize(1);
    assertThat(c.get(0).template()).isEqualTo("connection to <*> lost, retrying");
  }

  @Test
  void dissimilarLines_orOtherLengths_areSeparateTemplates() {
    List<LogCluster> c =
        mine(
            new Drain(),
            "session of alice expired",
            "session of bob expired",
            "session of alice expired after idle timeout",
            "user alice logged in",
            "user bob logged in",
            "payment declined by issuer for order 42",
            "payment accepted");
    assertThat(c)
        .extracting(LogCluster::template)
        .containsExactly(
            "payment accepted",
            "payment declined by issuer for order <NUM>",
            "session of <*> expired",
            "session of alice expired after idle timeout",
            // the first two tokens route the tree (Drain assumes they are constant)
            "user alice logged in",
            "user bob logged in");
  }

  @Test
  void windowAndBaseline_countedApart_exampleFromTheWindow() {
    Drain d = new Drain();
    d.add("cache miss for key k1", T0, 9, false);
    d.add("cache miss for key k2", T0.plusSeconds(60), 13, true);
    LogCluster c = d.clusters().iterator().next();
    assertThat(c.baselineCount).isEqualTo(1);
    assertThat(c.count).isEqualTo(1);
    assertThat(c.maxSeverity).isEqualTo(13);
    assertThat(c.example).isEqualTo("cache miss for key k2");
  }

  @Test
  void change_newSpikingGoneDroppingSteady() {
    assertThat(Change.of(3, 0)).isEqualTo(Change.NEW);
    assertThat(Change.of(0, 3)).isEqualTo(Change.GONE);
    assertThat(Change.of(40, 10)).isEqualTo(Change.SPIKING);
    assertThat(Change.of(3, 1)).as("too few lines to call a spike").isEqualTo(Change.STEADY);
    assertThat(Change.of(10, 40)).isEqualTo(Change.DROPPING);
    assertThat(Change.of(12, 10)).isEqualTo(Change.STEADY);
  }

  @Test
  void bench_100kLines() {
    String[] shapes = {
      "GET /api/orders/%d from 10.0.%d.%d took %dms status=200",
      "user %d logged in from 10.1.%d.%d session=%x",
      "cache miss for key product:%d, loading from db in %dms",
      "payment %d declined by issuer code=%d",
      "worker-%d processed batch %d of %d in %d.%ds",
      "connection to db-%d lost after %dms, retrying (attempt %d)",
      "GC pause %dms heap=%dMB",
      "request id=%x trace=%x completed with %d items"
    };
    Random r = new Random(1);
    String[] lines = new String[100_000];
    for (int i = 0; i < lines.length; i++) {
      String shape = shapes[r.nextInt(shapes.length)];
      lines[i] =
          shape.formatted(
              r.nextInt(100_000), r.nextInt(255), r.nextInt(255), r.nextInt(5_000), r.nextInt(9));
    }
    for (int round = 0; round < 3; round++) {
      Drain d = new Drain();
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      for (int i = 0; i < lines.length; i++) {
        d.add(lines[i], T0, 9, i % 2 == 0);
      }
      long ms = (System.nanoTime() - t) / 1_000_000;
      long cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
      System.out.printf(
          "[bench] Drain: 100,000 lines in %d ms wall, %d ms CPU, %d templates (round %d, load"
              + " average %.1f)%n",
          ms,
          cpuMs,
          d.clusters().size(),
          round,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      assertThat(d.clusters()).extracting(LogCluster::template).hasSize(shapes.length);
    }
  }
}
