package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on a free port, its webhook
 * receiver pointed at the orchestration server through a recording relay (so a delivery can be
 * replayed), alerts injected through its {@code POST /api/v2/alerts}.
 */
class AlertmanagerIT {
  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  static TestServer orch;
  static Agent agent;
  static HttpServer relay;
  static final List<String> delivered = new CopyOnWriteArrayList<>();
  static Process alertmanager;
  static String amUrl;
  static String alertKey;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      Assumptions.assumeTrue(
          "true".equals(System.getenv("CI")),
          "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)");
      throw new IllegalStateException(
          "CI needs " + BINARY + " (apt-get install prometheus-alertmanager)");
    }
    orch = TestServer.start(OrchestrationServer.SPEC);
    alertKey = orch.newKey("acme", Scope.ALERTS_WRITE);
    agent = new Agent(orch.baseUrl(), orch.newKey("acme"));
    relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpClient client = HttpClient.newHttpClient();
    relay.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes());
          delivered.add(body);
          try {
            HttpResponse<String> r =
                client.send(
                    HttpRequest.newBuilder(
                            URI.create(orch.baseUrl() + ex.getRequestURI().toString()))
                        .header("Content-Type", "application/json")
                        .header("Authorization", ex.getRequestHeaders().getFirst("Authorization"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            byte[] out = r.body().getBytes();
            ex.sendResponseHeaders(r.statusCode(), out.length);
            ex.getResponseBody().write(out);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(503, -1);
          }
          ex.close();
        });
    relay.start();
    int port = freePort();
    amUrl = "http://127.0.0.1:" + port;
    Path dir = Files.createTempDirectory("alertmanager");
    Files.writeString(
        dir.resolve("alertmanager.yml"),
        """
        route:
          receiver: opsmcp
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: opsmcp
            webhook_configs:
              - url: http://127.0.0.1:%d/api/v1/alerts/alertmanager?auto_resolve=true
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: %s
        """
            .formatted(relay.getAddress().getPort(), alertKey));
    alertmanager =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    Waits.until(
        "alertmanager to answer",
        Duration.ofSeconds(30),
        () -> {
          try {
            return Http.get(amUrl + "/-/ready").statusCode() == 200;
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  @AfterAll
  static void stop() {
    if (alertmanager != null) {
      alertmanager.destroyForcibly();
    }
    if (relay != null) {
      relay.stop(0);
    }
    if (agent != null) {
      agent.close();
    }
    if (orch != null) {
      orch.close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void inject(String instance, OffsetDateTime startsAt, OffsetDateTime endsAt) {
    String body =
        """
        [{"labels":{"alertname":"CheckoutLatency","service":"checkout","severity":"critical","instance":"%s"},
          "annotations":{"summary":"checkout p99 above 2s"},
          "startsAt":"%s",%s
          "generatorURL":"http://prometheus/graph"}]"""
            .formatted(instance, startsAt, endsAt == null ? "" : "\"endsAt\":\"" + endsAt + "\",");
    HttpResponse<String> r = Http.postJson(amUrl + "/api/v2/alerts", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> incidents() {
    return (List<Map<String, Object>>)
        agent.call("list_incidents", Map.of("service", "checkout")).get("incidents");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> timeline(Object ref) {
    return (List<Map<String, Object>>)
        agent
            .call("get_incident", Map.of("incident_id", ref, "order", "oldest", "limit", 200))
            .get("timeline");
  }

  static long count(List<Map<String, Object>> events, String kind) {
    return events.stream().filter(e -> kind.equals(e.get("kind"))).count();
  }

  @Test
  void firing_opensOne_secondAlertJoins_resolvedRecordsAndResolves_replayChangesNothing() {
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0);
    inject("a", t0, null);
    Waits.until(
        "an incident from the firing group", Duration.ofSeconds(30), () -> incidents().size() == 1);
    Object ref = incidents().get(0).get("ref");
    assertThat(incidents().get(0))
        .containsEntry("severity", "SEV1")
        .containsEntry("title", "checkout p99 above 2s");

    inject("b", t0.plusSeconds(5), null);
    Waits.until(
        "the second alert on the timeline",
        Duration.ofSeconds(30),
        () -> count(timeline(ref), "alert_firing") == 2);
    assertThat(incidents()).hasSize(1);

    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
    inject("a", t0, now.minusSeconds(1));
    inject("b", t0.plusSeconds(5), now.minusSeconds(1));
    Waits.until(
        "the group's resolution",
        Duration.ofSeconds(30),
        () -> count(timeline(ref), "alerts_resolved") == 1);
    Waits.until(
        "the incident to be resolved",
        Duration.ofSeconds(10),
        () -> "RESOLVED".equals(incidents().get(0).get("status")));

    List<Map<String, Object>> settled = timeline(ref);
    assertThat(count(settled, "alert_resolved")).isEqualTo(2);
    assertThat(delivered).isNotEmpty();
    for (String body : List.copyOf(delivered)) {
      HttpResponse<String> replay =
          Http.postJson(
              orch.baseUrl() + "/api/v1/alerts/alertmanager?auto_resolve=true",
              body,
              "Authorization",
              Http.bearer(alertKey));
      assertThat(replay.statusCode()).isEqualTo(200);
    }
    assertThat(incidents()).hasSize(1);
    assertThat(incidents().get(0)).containsEntry("status", "RESOLVED");
    assertThat(timeline(ref)).hasSize(settled.size());
  }
}
