package dev.opsmcp.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.monitoring.MonitoringFixture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The server samples its own host into the built-in store (service {@code host:<hostname>}), read
 * back through {@code get_system_metrics}; off with {@code OPSMCP_HOST_METRICS=false}; no sample
 * after the server closed.
 */
class HostMetricsIT {
  static final List<String> EXPECTED =
      List.of(
          "system.cpu.utilization",
          "system.memory.usage",
          "system.memory.utilization",
          "system.cpu.load_average.1m",
          "system.filesystem.usage",
          "system.network.io",
          "process.runtime.jvm.memory.used");

  @Test
  void hostMetricsAreSampledIntoTheStoreAndStopWithTheServer() throws Exception {
    try (Database db = TestDatabases.fresh()) {
      MonitoringFixture mon =
          MonitoringFixture.start(
              Map.of(
                  "OPSMCP_HOST_METRICS", "true",
                  "OPSMCP_HOST_METRICS_INTERVAL", "1",
                  "OPSMCP_HOST_METRICS_TENANT", "ops"),
              db,
              false);
      AgentClient client = mon.client(mon.key("ops"));
      AtomicReference<String> host = new AtomicReference<>();
      AtomicReference<Map<String, Object>> detail = new AtomicReference<>();
      until(
          () -> {
            Map<String, Object> overview = client.call("get_system_metrics", Map.of());
            @SuppressWarnings("unchecked")
            var services = (List<Map<String, Object>>) overview.get("services");
            services.stream()
                .map(s -> (String) s.get("service"))
                .filter(s -> s.startsWith("host:"))
                .findFirst()
                .ifPresent(host::set);
            if (host.get() == null) {
              return false;
            }
            detail.set(
                client.call(
                    "get_system_metrics",
                    Map.of("service", host.get(), "limit", 50, "window", "5m")));
            String names = detail.get().get("series").toString();
            return EXPECTED.stream().allMatch(names::contains);
          });
      @SuppressWarnings("unchecked")
      var series = (List<Map<String, Object>>) detail.get().get("series");
      Map<String, Object> memory =
          series.stream()
              .filter(s -> s.get("metric").equals("system.memory.usage{state=\"used\"}"))
              .findFirst()
              .orElseThrow();
      assertThat(((Number) memory.get("last")).doubleValue()).isGreaterThan(1e6);
      Map<String, Object> cpu =
          series.stream()
              .filter(s -> s.get("metric").equals("system.cpu.utilization"))
              .findFirst()
              .orElseThrow();
      assertThat(((Number) cpu.get("last")).doubleValue()).isBetween(0.0, 1.0);
      // another tenant sees none of it
      Map<String, Object> other =
          mon.client(mon.key("someone-else")).call("get_system_metrics", Map.of());
      assertThat(other.get("services").toString()).doesNotContain("host:");

      mon.close();
      long before = points(mon);
      Thread.sleep(2_500);
      assertThat(points(mon)).as("points written after close").isEqualTo(before);
    }
  }

  @Test
  void offWithTheSetting() throws Exception {
    try (MonitoringFixture mon =
        MonitoringFixture.start(
            Map.of(
                "OPSMCP_HOST_METRICS", "false",
                "OPSMCP_HOST_METRICS_INTERVAL", "1",
                "OPSMCP_HOST_METRICS_TENANT", "ops"))) {
      Thread.sleep(2_500);
      assertThat(mon.count("SELECT COUNT(*) FROM metric_series WHERE service LIKE 'host:%'"))
          .isZero();
    }
  }

  private static long points(MonitoringFixture mon) {
    return mon.count(
        "SELECT COUNT(*) FROM metric_point p JOIN metric_series s ON s.id = p.series_id"
            + " WHERE s.service LIKE 'host:%'");
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void until(Check check) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    AssertionError last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (AssertionError e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("host metrics did not show up in 60 s", last);
  }
}
