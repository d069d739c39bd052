package dev.opsmcp.monitoring.health;

import static dev.opsmcp.monitoring.rca.Telemetry.Type.GAUGE;
import static dev.opsmcp.monitoring.rca.Telemetry.Type.HISTOGRAM;
import static dev.opsmcp.monitoring.rca.Telemetry.none;
import static dev.opsmcp.monitoring.rca.Telemetry.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.rca.Telemetry;
import dev.opsmcp.monitoring.rca.Telemetry.Signal;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * verify_health against real local HTTP endpoints (healthy, 500, hanging past the timeout, a closed
 * port) and telemetry loaded through the real OTLP endpoint, through a real MCP client.
 */
class VerifyHealthIT {
  static MonitoringFixture mon;
  static HttpServer endpoints;
  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static AgentClient client;
  static String key;
  static final String TENANT = "health";

  @BeforeAll
  static void start() throws Exception {
    endpoints = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoints.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    endpoints.createContext("/ok", x -> reply(x, 200));
    endpoints.createContext("/fail", x -> reply(x, 500));
    endpoints.createContext("/missing", x -> reply(x, 404));
    endpoints.createContext(
        "/hang",
        x -> {
          try {
            RELEASE.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(x, 200);
        });
    endpoints.start();
    mon = MonitoringFixture.start(Map.of("OPSMCP_HEALTH_TIMEOUT_MS", "700"));
    key = mon.key(TENANT);
    client = mon.client(key);
    String base = "http://127.0.0.1:" + endpoints.getAddress().getPort();
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    put("fine", base + "/ok", 1000.0);
    put("broken", base + "/fail", null);
    put("hanging", base + "/hang", null);
    put("refusing", "http://127.0.0.1:" + closed + "/health", null);
    put("misrouted", base + "/missing", null);
    put("slow", base + "/ok", 100.0);
    put("drifting", base + "/ok", null);
    put("undeclared", null, null);

    Instant now = Instant.now();
    Instant onset = now.minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    List<Signal> signals =
        List.of(
            new Signal("fine", "fine.http.duration", HISTOGRAM, 0.02, none()),
            new Signal("slow", "slow.http.duration", HISTOGRAM, 0.05, none()),
            new Signal("drifting", "drifting_queue_depth", GAUGE, 10, step(0, 6)));
    for (ExportMetricsServiceRequest req :
        Telemetry.requests(signals, onset, now.minus(90, ChronoUnit.MINUTES), now, 3)) {
      var r = mon.post("/v1/metrics", key, "application/x-protobuf", inSeconds(req).toByteArray());
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }
  }

  /** Declares the histograms' unit as seconds, as an OpenTelemetry SDK would. */
  static ExportMetricsServiceRequest inSeconds(ExportMetricsServiceRequest req) {
    var b = req.toBuilder();
    for (var rm : b.getResourceMetricsBuilderList()) {
      for (var sm : rm.getScopeMetricsBuilderList()) {
        for (var m : sm.getMetricsBuilderList()) {
          if (m.hasHistogram()) {
            m.setUnit("s");
          }
        }
      }
    }
    return b.build();
  }

  static void reply(com.sun.net.httpserver.HttpExchange x, int status) throws java.io.IOException {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  static void put(String name, String healthUrl, Double p99) {
    Map<String, Object> body = new HashMap<>();
    if (healthUrl != null) {
      body.put("health_url", healthUrl);
    }
    if (p99 != null) {
      body.put("slo", Map.of("latency_p99_ms", p99));
    }
    var r =
        mon.send(
            "PUT",
            "/api/v1/services/" + name,
            key,
            "application/json",
            Json.write(body).getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    RELEASE.countDown();
    endpoints.stop(0);
    mon.close();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> byService(Map<String, Object> r) {
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (var s : (List<Map<String, Object>>) r.get("services")) {
      out.put((String) s.get("service"), s);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static String reasons(Map<String, Object> s) {
    return String.join(" | ", (List<String>) s.get("reasons"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> probe(Map<String, Object> s) {
    return (Map<String, Object>) s.get("probe");
  }

  @Test
  void everyCatalogService_probedAndJudged() {
    long t = System.nanoTime();
    Map<String, Object> r = client.call("verify_health", Map.of());
    long ms = (System.nanoTime() - t) / 1_000_000;
    System.out.println("[verify_health] " + ms + " ms: " + Json.write(r));
    var s = byService(r);
    assertThat(r.get("total")).isEqualTo(8);

    assertThat(s.get("fine")).containsEntry("status", "healthy");
    assertThat(probe(s.get("fine"))).containsEntry("outcome", "ok").containsEntry("status", 200);
    assertThat(reasons(s.get("fine"))).contains("HTTP 200 in").contains("within their baseline");

    assertThat(s.get("broken")).containsEntry("status", "down");
    assertThat(probe(s.get("broken"))).containsEntry("status", 500);

    assertThat(s.get("hanging")).containsEntry("status", "down");
    assertThat(probe(s.get("hanging"))).containsEntry("outcome", "timeout");
    assertThat(reasons(s.get("hanging"))).contains("no answer within 700 ms");
    assertThat(((Number) probe(s.get("hanging")).get("latency_ms")).longValue())
        .isBetween(600L, 5_000L);

    assertThat(s.get("refusing")).containsEntry("status", "down");
    assertThat(probe(s.get("refusing"))).containsEntry("outcome", "refused");

    assertThat(s.get("misrouted")).containsEntry("status", "degraded");
    assertThat(probe(s.get("misrouted"))).containsEntry("status", 404);

    assertThat(s.get("slow")).containsEntry("status", "degraded");
    assertThat(reasons(s.get("slow"))).contains("is over the SLO of 100 ms");

    assertThat(s.get("drifting")).containsEntry("status", "degraded");
    assertThat(reasons(s.get("drifting")))
        .contains("drifting_queue_depth above its baseline since");

    assertThat(s.get("undeclared")).containsEntry("status", "unknown");
    assertThat(reasons(s.get("undeclared"))).contains("no health_url");
  }

  @Test
  void namedServices_only_andNoAddressFromTheModel() {
    Map<String, Object> r =
        client.call("verify_health", Map.of("services", List.of("fine", "not-declared")));
    var s = byService(r);
    assertThat(s).containsOnlyKeys("fine", "not-declared");
    assertThat(s.get("not-declared")).containsEntry("status", "unknown");
    assertThat(reasons(s.get("not-declared"))).contains("not in the service catalog");

    var tool =
        client.client.listTools().tools().stream()
            .filter(t -> t.name().equals("verify_health"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
    assertThat(properties).containsOnlyKeys("services");
    assertThat(client.error("verify_health", Map.of("url", "http://169.254.169.254/")))
        .isNotBlank();
  }

  @Test
  void emptyCatalog_actionableError_andTenantIsolation() {
    AgentClient other = mon.client(mon.key("someone-else"));
    assertThat(other.error("verify_health", Map.of())).contains("catalog is empty");
    var s = byService(other.call("verify_health", Map.of("services", List.of("fine"))));
    assertThat(s.get("fine")).containsEntry("status", "unknown");
    assertThat(s.get("fine").get("probe")).isNull();
  }
}
