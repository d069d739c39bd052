package dev.opsmcp.monitoring.systemmetrics;

import static dev.opsmcp.monitoring.rca.Telemetry.Type.COUNTER;
import static dev.opsmcp.monitoring.rca.Telemetry.Type.GAUGE;
import static dev.opsmcp.monitoring.rca.Telemetry.Type.HISTOGRAM;
import static dev.opsmcp.monitoring.rca.Telemetry.none;
import static dev.opsmcp.monitoring.rca.Telemetry.spiky;
import static dev.opsmcp.monitoring.rca.Telemetry.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.rca.Telemetry;
import dev.opsmcp.monitoring.rca.Telemetry.Signal;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** get_system_metrics over telemetry loaded through the real OTLP endpoint, via a real client. */
class GetSystemMetricsIT {
  static MonitoringFixture mon;
  static AgentClient client;
  static Instant onset;
  static final String TENANT = "sysmetrics";

  @BeforeAll
  static void start() {
    try {
      mon = MonitoringFixture.start(Map.of());
      String key = mon.key(TENANT);
      client = mon.client(key);
      Instant now = Instant.now();
      onset = now.minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
      List<Signal> signals = new ArrayList<>();
      signals.add(new Signal("cart", "cart_queue_depth", GAUGE, 40, step(0, 5)));
      signals.add(new Signal("cart", "cart.cache.hit_ratio", GAUGE, 0.9, step(2, 0.3)));
      signals.add(new Signal("cart", "cart_requests_total", COUNTER, 50, none()));
      signals.add(new Signal("cart", "cart.request.duration", HISTOGRAM, 0.05, step(1, 4)));
      signals.add(new Signal("inventory", "inventory_cpu_ratio", GAUGE, 0.3, none()));
      signals.add(new Signal("flaky", "flaky_latency_ms", GAUGE, 30, spiky(7)));
      for (int i = 0; i < 60; i++) {
        signals.add(
            new Signal(
                "wide", "wide.pool.in_use.n" + i, GAUGE, 10 + i, i < 3 ? step(0, 3) : none()));
      }
      for (ExportMetricsServiceRequest req :
          Telemetry.requests(signals, onset, now.minus(150, ChronoUnit.MINUTES), now, 11)) {
        var r = mon.post("/v1/metrics", key, "application/x-protobuf", req.toByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    mon.close();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> result, String field) {
    return (List<Map<String, Object>>) result.get(field);
  }

  static Map<String, Object> series(Map<String, Object> result, String metric) {
    return list(result, "series").stream()
        .filter(s -> s.get("metric").equals(metric))
        .findFirst()
        .orElseThrow(() -> new AssertionError(metric + " not in " + Json.write(result)));
  }

  static double num(Map<String, Object> m, String field) {
    return ((Number) m.get(field)).doubleValue();
  }

  @Test
  void oneService_statsDepartureOnsetAndPercentiles() {
    Map<String, Object> r = client.call("get_system_metrics", Map.of("service", "cart"));
    System.out.println("[get_system_metrics cart] " + Json.write(r));
    // gauge, gauge, counter rate, histogram rate + p50/p95/p99
    assertThat(r.get("total_series")).isEqualTo(7);
    assertThat(r.get("truncated")).isEqualTo(false);

    Map<String, Object> queue = series(r, "cart_queue_depth");
    assertThat(queue.get("departed")).isEqualTo(true);
    assertThat(num(queue, "z")).isGreaterThan(4);
    assertThat(Duration.between(onset, Instant.parse((String) queue.get("onset"))).abs())
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(num(queue, "baseline")).isCloseTo(40, within(4.0));
    assertThat(num(queue, "last")).isCloseTo(200, within(20.0));
    assertThat(num(queue, "max")).isGreaterThanOrEqualTo(num(queue, "p95"));
    assertThat(num(queue, "min")).isLessThan(num(queue, "mean"));
    assertThat(queue.get("trend")).isEqualTo("rising");
    assertThat((List<?>) queue.get("points")).hasSizeBetween(20, SystemMetrics.POINTS);

    Map<String, Object> hit = series(r, "cart.cache.hit_ratio");
    assertThat(hit.get("departed")).isEqualTo(true);
    assertThat(num(hit, "z")).as("a drop counts as a departure, with its sign").isLessThan(-4);
    assertThat(hit.get("trend")).isEqualTo("falling");

    Map<String, Object> requests = series(r, "cart_requests_total");
    assertThat(requests.get("departed")).isEqualTo(false);
    assertThat(requests.get("onset")).isNull();
    assertThat(requests.get("kind")).isEqualTo("rate");
    assertThat(num(requests, "mean")).as("per-second rate").isCloseTo(50, within(3.0));
    assertThat(requests.get("trend")).isEqualTo("flat");

    // exponential latencies, mean 0.05 s before and 0.2 s after the onset
    double p95 = num(series(r, "cart.request.duration{quantile=\"p95\"}"), "last");
    double p50 = num(series(r, "cart.request.duration{quantile=\"p50\"}"), "last");
    double p99 = num(series(r, "cart.request.duration{quantile=\"p99\"}"), "last");
    assertThat(p50).isLessThan(p95).isBetween(0.1, 0.2);
    assertThat(p95).isLessThan(p99).isBetween(0.4, 0.8);
    assertThat(series(r, "cart.request.duration{quantile=\"p99\"}").get("departed"))
        .isEqualTo(true);

    List<Map<String, Object>> all = list(r, "series");
    int firstCalm =
        all.indexOf(
            all.stream().filter(s -> s.get("departed") == Boolean.FALSE).findFirst().orElseThrow());
    assertThat(all.subList(0, firstCalm)).allMatch(s -> s.get("departed") == Boolean.TRUE);
    assertThat(all.subList(firstCalm, all.size()))
        .noneMatch(s -> s.get("departed") == Boolean.TRUE);
  }

  @Test
  void noService_oneLinePerService_mostAbnormalFirst() {
    Map<String, Object> r = client.call("get_system_metrics", Map.of());
    System.out.println("[get_system_metrics overview] " + Json.write(r));
    List<Map<String, Object>> services = list(r, "services");
    assertThat(services)
        .extracting(s -> s.get("service"))
        .containsExactlyInAnyOrder("cart", "wide", "inventory", "flaky");
    assertThat(services.subList(0, 2)).extracting(s -> s.get("status")).containsOnly("abnormal");
    assertThat(services.get(2)).containsEntry("service", "flaky").containsEntry("status", "noisy");
    assertThat(services.get(3))
        .containsEntry("service", "inventory")
        .containsEntry("status", "normal");
    Map<String, Object> cart =
        services.stream().filter(s -> s.get("service").equals("cart")).findFirst().orElseThrow();
    assertThat(num(cart, "departed_series")).isEqualTo(5);
    assertThat((String) cart.get("summary")).contains("5 of 7 series departed since");
    assertThat(num(services.get(0), "max_z")).isGreaterThanOrEqualTo(num(services.get(1), "max_z"));
  }

  @Test
  void manySeries_boundedWithTruncatedAndHowToGetTheRest() {
    Map<String, Object> r = client.call("get_system_metrics", Map.of("service", "wide"));
    assertThat(list(r, "series")).hasSize(20);
    assertThat(r.get("total_series")).isEqualTo(60);
    assertThat(r.get("truncated")).isEqualTo(true);
    assertThat((String) r.get("next")).contains("limit").contains("metrics=");
    assertThat(list(r, "series").subList(0, 3)).allMatch(s -> s.get("departed") == Boolean.TRUE);

    Map<String, Object> most =
        client.call("get_system_metrics", Map.of("service", "wide", "limit", 50, "window", "2h"));
    int tokens = Json.write(most).length() / 4;
    System.out.println("[get_system_metrics] largest result ~" + tokens + " tokens");
    assertThat(list(most, "series")).hasSize(50);
    assertThat(tokens).isLessThan(8_000);

    Map<String, Object> few =
        client.call(
            "get_system_metrics",
            Map.of("service", "wide", "metrics", List.of("in_use.n1", "IN_USE.N2")));
    // n1, n10..n19, n2, n20..n29
    assertThat(few.get("total_series")).isEqualTo(22);
    assertThat(few.get("truncated")).isEqualTo(true);
  }

  @Test
  void badInput_actionableErrors_andTenantIsolation() {
    assertThat(client.error("get_system_metrics", Map.of("limit", 0))).contains("from 1 to 50");
    assertThat(client.error("get_system_metrics", Map.of("step", "5s"))).contains("under 15s");
    assertThat(client.error("get_system_metrics", Map.of("window", "1d", "step", "15s")))
        .contains("coarser step");
    assertThat(client.error("get_system_metrics", Map.of("service", "nope")))
        .contains("no metrics for service 'nope'");
    assertThat(client.error("get_system_metrics", Map.of("window", "yesterday")))
        .contains("like 15m, 2h or 1d");

    AgentClient other = mon.client(mon.key("someone-else"));
    assertThat(list(other.call("get_system_metrics", Map.of()), "services")).isEmpty();
    assertThat(other.error("get_system_metrics", Map.of("service", "cart")))
        .contains("no metrics for service 'cart'");
  }
}
