package dev.opsmcp.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.MonitoringFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry JS SDK (sdk-metrics with the OTLP http/json and http/protobuf exporters,
 * versions pinned in src/test/node/otel-export/package-lock.json) sends a counter, a gauge and a
 * histogram; get_system_metrics returns their rate, value and percentiles. Needs node and npm (the
 * test is skipped, saying so, without them) and the npm registry or its cache for {@code npm ci}.
 */
class OtelSdkExportIT {
  static MonitoringFixture mon;
  static Path project;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        onPath("node") && onPath("npm"), "node and npm are not installed: OTel SDK test skipped");
    project = TestDatabases.tempDir().resolve("otel-export");
    Files.createDirectories(project);
    for (String f : List.of("package.json", "package-lock.json", "export-metrics.js")) {
      Files.copy(Path.of("src/test/node/otel-export", f), project.resolve(f));
    }
    run(project, 300, "npm", "ci", "--no-audit", "--no-fund");
    mon = MonitoringFixture.start(Map.of());
  }

  @AfterAll
  static void stop() {
    if (mon != null) {
      mon.close();
    }
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  static String run(Path dir, int seconds, String... command)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done && p.exitValue() == 0).as(String.join(" ", command) + ":\n" + out).isTrue();
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> series(Map<String, Object> r, String metric) {
    return ((List<Map<String, Object>>) r.get("series"))
        .stream()
            .filter(s -> s.get("metric").equals(metric))
            .findFirst()
            .orElseThrow(() -> new AssertionError(metric + " not in " + Json.write(r)));
  }

  static double num(Map<String, Object> m, String field) {
    return ((Number) m.get(field)).doubleValue();
  }

  @Test
  void httpJsonAndHttpProtobufExporters_counterGaugeHistogram() throws Exception {
    String key = mon.key("otel-sdk");
    AgentClient client = mon.client(key);
    List<String> report = new ArrayList<>();
    for (String protocol : List.of("json", "protobuf")) {
      String service = "node-" + protocol;
      run(
          project,
          120,
          "node",
          "export-metrics.js",
          mon.server.baseUrl() + "/v1/metrics",
          key,
          service,
          protocol);
      Map<String, Object> r =
          client.call(
              "get_system_metrics", Map.of("service", service, "window", "5m", "step", "15s"));
      report.add(protocol + ": " + Json.write(r.get("series")));

      Map<String, Object> orders = series(r, "orders_processed{route=\"/checkout\"}");
      assertThat(orders.get("kind")).isEqualTo("rate");
      // 100 per round, a round about every second (plus export time)
      assertThat(num(orders, "max")).isBetween(20.0, 150.0);

      Map<String, Object> depth = series(r, "queue.depth");
      assertThat(depth.get("kind")).isEqualTo("gauge");
      // 40, 41, 42, 43 within a few seconds: a 15 s step holds their mean
      assertThat(num(depth, "min")).isGreaterThanOrEqualTo(40.0);
      assertThat(num(depth, "max")).isLessThanOrEqualTo(43.0).isGreaterThan(40.0);

      // per round: 50 at 0.02 s, 45 at 0.2 s, 5 at 2 s
      assertThat(num(series(r, "request.duration{quantile=\"p50\"}"), "last"))
          .isBetween(0.01, 0.05);
      assertThat(num(series(r, "request.duration{quantile=\"p95\"}"), "last")).isBetween(0.1, 0.25);
      assertThat(num(series(r, "request.duration{quantile=\"p99\"}"), "last")).isBetween(1.0, 2.5);
      assertThat(num(series(r, "request.duration"), "max"))
          .as("observations per second")
          .isGreaterThan(0);
    }
    System.out.println("[otel sdk] " + String.join("\n", report));
  }
}
