package dev.opsmcp.monitoring.rca;

import static dev.opsmcp.monitoring.rca.Telemetry.Type.COUNTER;
import static dev.opsmcp.monitoring.rca.Telemetry.Type.GAUGE;
import static dev.opsmcp.monitoring.rca.Telemetry.Type.HISTOGRAM;
import static dev.opsmcp.monitoring.rca.Telemetry.none;
import static dev.opsmcp.monitoring.rca.Telemetry.ramp;
import static dev.opsmcp.monitoring.rca.Telemetry.spiky;
import static dev.opsmcp.monitoring.rca.Telemetry.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.Otlp;
import dev.opsmcp.monitoring.rca.Telemetry.Signal;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Root-cause analysis over synthetic incidents with a known cause, loaded only through the real
 * endpoints: catalog and changes REST, OTLP metrics (JSON and protobuf) on the monitoring server,
 * error logs through log-analytics' {@code /api/v1/logs}. Prints the rank of the true cause.
 */
class RcaScenariosIT {
  static MonitoringFixture mon;
  static TestServer logs;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Change(String service, String kind, String version, double minute) {}

  record LogBurst(String service, double fromMinute, int perMinute, String message) {}

  record Scenario(
      String name,
      Map<String, List<String>> catalog,
      List<Signal> signals,
      List<Change> changes,
      List<LogBurst> logs,
      String symptom,
      boolean viaIncident,
      String cause) {}

  @BeforeAll
  static void start() throws Exception {
    mon = MonitoringFixture.start(Map.of());
    logs = TestServer.start(LogAnalyticsServer.SPEC, Map.of(), mon.db(), false);
  }

  @AfterAll
  static void stop() {
    if (logs != null) {
      logs.close();
    }
    mon.close();
  }

  static Map<String, List<String>> deps(Object... pairs) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> d = (List<String>) pairs[i + 1];
      m.put((String) pairs[i], d);
    }
    return m;
  }

  static Signal sig(
      String service,
      String metric,
      Telemetry.Type type,
      double base,
      java.util.function.DoubleUnaryOperator e) {
    return new Signal(service, metric, type, base, e);
  }

  static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>();
    all.add(
        new Scenario(
            "database saturating under its callers",
            deps(
                "web", List.of("api"), "api", List.of("postgres-main"), "postgres-main", List.of()),
            List.of(
                sig("postgres-main", "pg_cpu_utilization_ratio", GAUGE, 0.4, ramp(0, 0.15, 2.4)),
                sig("postgres-main", "pg_stat_activity_count", GAUGE, 20, step(1, 5)),
                sig("api", "http.server.request.duration", HISTOGRAM, 0.05, step(3, 6)),
                sig("api", "api_errors_total", COUNTER, 0.2, step(4, 20)),
                sig("web", "web_request_latency_seconds", HISTOGRAM, 0.08, step(3, 4))),
            List.of(),
            List.of(),
            "web",
            false,
            "postgres-main"));
    all.add(
        new Scenario(
            "bad deploy whose errors cascade through three services",
            deps(
                "gateway",
                List.of("checkout"),
                "checkout",
                List.of("payments"),
                "payments",
                List.of("ledger")),
            List.of(
                sig("payments", "payments.http.server.errors", COUNTER, 0.05, step(0, 40)),
                sig("payments", "payments.http.server.duration_ms", GAUGE, 40, none()),
                sig("checkout", "checkout_upstream_failures_total", COUNTER, 0.05, step(1, 30)),
                sig("gateway", "gateway.responses.5xx", GAUGE, 0.5, step(1, 15)),
                sig("ledger", "ledger_commit_seconds", GAUGE, 0.01, none())),
            List.of(new Change("payments", "deploy", "v2.3.1", -2)),
            List.of(
                new LogBurst("payments", 0, 20, "NullPointerException in PaymentMapper.map id=%d"),
                new LogBurst("checkout", 1, 15, "upstream payments returned 500 for order %d")),
            "gateway",
            false,
            "payments"));
    all.add(
        new Scenario(
            "slow memory leak ending in latency",
            deps("shop-ui", List.of("orders"), "orders", List.of("inventory-db")),
            List.of(
                sig("orders", "process.runtime.jvm.memory.used", GAUGE, 4e8, ramp(0, 0.04, 1.8)),
                sig("orders", "jvm_gc_pause_seconds", GAUGE, 0.02, ramp(8, 0.3, 5)),
                sig("orders", "orders.server.latency", HISTOGRAM, 0.04, step(15, 5)),
                sig("shop-ui", "shopui_page_load_seconds", HISTOGRAM, 0.1, step(15, 3)),
                sig("inventory-db", "invdb_query_seconds", GAUGE, 0.005, none())),
            List.of(),
            List.of(),
            "shop-ui",
            false,
            "orders"));
    all.add(
        new Scenario(
            "disk filling up",
            deps("reporting", List.of("warehouse-db")),
            List.of(
                sig(
                    "warehouse-db",
                    "node_filesystem_avail_bytes",
                    GAUGE,
                    5e10,
                    ramp(0, -0.045, 0.05)),
                sig("warehouse-db", "warehouse_write_errors_total", COUNTER, 0.01, step(16, 100)),
                sig("reporting", "reporting.job.failures", COUNTER, 0.01, step(17, 50)),
                sig("reporting", "reporting.job.duration", GAUGE, 30, none())),
            List.of(),
            List.of(),
            "reporting",
            false,
            "warehouse-db"));
    all.add(
        new Scenario(
            "cache whose hit ratio collapses",
            deps("storefront", List.of("session-cache", "catalog-db")),
            List.of(
                sig("session-cache", "redis_keyspace_hit_ratio", GAUGE, 0.95, step(0, 0.47)),
                sig("catalog-db", "db.client.operation.count", COUNTER, 200, step(0, 6)),
                sig("catalog-db", "catalogdb_cpu_ratio", GAUGE, 0.3, step(0, 2.5)),
                sig("storefront", "storefront.http.latency", HISTOGRAM, 0.06, step(1, 4))),
            List.of(new Change("session-cache", "config", "maxmemory 2gb→256mb", -3)),
            List.of(),
            "storefront",
            false,
            "session-cache"));
    all.add(
        new Scenario(
            "dependency that only gets slow, no errors (asked by incident id)",
            deps("mobile-api", List.of("search"), "search", List.of("search-index")),
            List.of(
                sig(
                    "search-index",
                    "search_index_query_latency_seconds",
                    HISTOGRAM,
                    0.02,
                    step(0, 8)),
                sig("search", "search.request.duration", HISTOGRAM, 0.05, step(0, 3)),
                sig("search", "search_requests_total", COUNTER, 50, none()),
                sig("mobile-api", "mobile_api_latency_ms", GAUGE, 120, step(1, 2))),
            List.of(),
            List.of(),
            "mobile-api",
            true,
            "search-index"));
    all.add(
        new Scenario(
            "loud caller, quieter failing dependency",
            deps("edge", List.of("pricing")),
            List.of(
                sig("pricing", "pricing_threadpool_active_threads", GAUGE, 10, step(0, 2.5)),
                sig("pricing", "pricing.rpc.server.duration", HISTOGRAM, 0.03, step(0, 1.6)),
                sig("edge", "edge_request_duration_seconds", HISTOGRAM, 0.05, step(0, 12)),
                sig("edge", "edge_http_errors_total", COUNTER, 0.1, step(0, 30))),
            List.of(),
            List.of(),
            "edge",
            false,
            "pricing"));
    all.add(
        new Scenario(
            "chronically noisy service that did not change",
            deps("portal", List.of("auth", "recommender")),
            List.of(
                sig("recommender", "recommender.model.latency", GAUGE, 0.2, spiky(7)),
                sig("recommender", "recommender_errors_total", COUNTER, 0.5, spiky(11)),
                sig("auth", "auth_token_validation_failures_total", COUNTER, 0.1, step(0, 50)),
                sig("auth", "auth.ldap.latency", GAUGE, 0.03, none()),
                sig("portal", "portal_http_5xx_total", COUNTER, 0.1, step(1, 20))),
            List.of(),
            List.of(),
            "portal",
            false,
            "auth"));
    all.add(
        new Scenario(
            "deploy of an unrelated service just before the onset",
            deps("app", List.of("billing"), "newsletter", List.of()),
            List.of(
                sig(
                    "newsletter",
                    "newsletter_process_resident_memory_bytes",
                    GAUGE,
                    3e8,
                    step(-1, 0.4)),
                sig("newsletter", "newsletter.cpu.utilization", GAUGE, 0.2, step(-1, 3)),
                sig("billing", "billing.db.pool.wait_time", GAUGE, 0.005, step(0, 10)),
                sig("app", "app_request_errors_total", COUNTER, 0.1, step(1, 20))),
            List.of(new Change("newsletter", "deploy", "2025.01.7", -1.5)),
            List.of(),
            "app",
            false,
            "billing"));
    all.add(
        new Scenario(
            "change that came after the onset",
            deps("front", List.of("quotes"), "quotes", List.of("rates-db")),
            List.of(
                sig("rates-db", "ratesdb_lock_wait_seconds", GAUGE, 0.01, step(0, 20)),
                sig("quotes", "quotes.server.duration", HISTOGRAM, 0.04, step(0, 5)),
                sig("front", "front_errors_total", COUNTER, 0.1, step(1, 10))),
            List.of(
                new Change("quotes", "deploy", "rollback-1.9", 6),
                new Change("front", "flag", "retry-budget", 3)),
            List.of(),
            "front",
            false,
            "rates-db"));
    all.add(
        new Scenario(
            "no catalog at all",
            null,
            List.of(
                sig("beta-svc", "beta_queue_depth", GAUGE, 50, ramp(0, 0.5, 20)),
                sig("alpha-svc", "alpha.request.latency", HISTOGRAM, 0.05, step(4, 4)),
                sig("gamma-svc", "gamma_failed_jobs_total", COUNTER, 0.2, step(5, 10))),
            List.of(),
            List.of(new LogBurst("gamma-svc", 5, 10, "job %d failed: queue timeout")),
            null,
            false,
            "beta-svc"));
    all.add(
        new Scenario(
            "quiet hour",
            deps("site", List.of("store")),
            List.of(
                sig("site", "site.latency", HISTOGRAM, 0.05, none()),
                sig("store", "store_ops_total", COUNTER, 30, none()),
                sig("store", "store.gc.noise", GAUGE, 1, spiky(3))),
            List.of(),
            List.of(),
            "site",
            false,
            null));
    return all;
  }

  @Test
  void trueCauseRanksFirstInEveryScenario() throws Exception {
    List<String> report = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (Scenario s : scenarios()) {
      String tenant = "rca-" + n;
      Map<String, Object> result = run(tenant, s, n++);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> candidates = (List<Map<String, Object>>) result.get("candidates");
      List<String> ranked = candidates.stream().map(c -> (String) c.get("service")).toList();
      String line;
      if (s.cause() == null) {
        line = "%-60s expected: no candidate   got: %s".formatted(s.name(), ranked);
        if (!ranked.isEmpty()) {
          failures.add(line);
        }
      } else {
        int rank = ranked.indexOf(s.cause()) + 1;
        line =
            "%-60s true cause %-14s rank %s   ranking %s"
                .formatted(s.name(), s.cause(), rank == 0 ? "absent" : rank, ranked);
        if (rank != 1) {
          failures.add(line + "\n      " + Json.write(result));
        }
      }
      report.add(line);
      if (s.catalog() == null) {
        assertThat((List<?>) result.get("notes"))
            .anySatisfy(note -> assertThat((String) note).contains("inferred from onset order"));
      }
      if (s.cause() == null) {
        assertThat((String) result.get("summary")).startsWith("Nothing stands out");
      }
    }
    System.out.println("[rca scenarios]\n" + String.join("\n", report));
    assertThat(report).hasSizeGreaterThanOrEqualTo(12);
    assertThat(failures).as(String.join("\n", failures)).isEmpty();
  }

  private Map<String, Object> run(String tenant, Scenario s, int index) throws Exception {
    String key = mon.key(tenant);
    Instant now = Instant.now();
    Instant onset = now.minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    Instant start = now.minus(150, ChronoUnit.MINUTES);
    if (s.catalog() != null) {
      for (var e : s.catalog().entrySet()) {
        var r =
            http(
                "PUT",
                mon.server.baseUrl() + "/api/v1/services/" + e.getKey(),
                key,
                Json.write(Map.of("team", "t" + index, "depends_on", e.getValue())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
    }
    for (Change c : s.changes()) {
      Instant at = onset.plusSeconds((long) (c.minute() * 60));
      var r =
          http(
              "POST",
              mon.server.baseUrl() + "/api/v1/changes",
              key,
              Json.write(
                  Map.of(
                      "service",
                      c.service(),
                      "kind",
                      c.kind(),
                      "version",
                      c.version(),
                      "at",
                      at.atOffset(ZoneOffset.UTC).toString())));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    int i = 0;
    for (ExportMetricsServiceRequest req :
        Telemetry.requests(s.signals(), onset, start, now, index)) {
      boolean json = (index + i++) % 2 == 0;
      var r =
          mon.post(
              "/v1/metrics",
              key,
              json ? "application/json" : "application/x-protobuf",
              json ? Otlp.json(req) : req.toByteArray());
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("rejected");
    }
    for (LogBurst b : s.logs()) {
      List<Map<String, Object>> lines = new ArrayList<>();
      // a few unrelated errors in the baseline too, so errors alone are not news
      for (int m = -140; m < 20; m += 7) {
        lines.add(
            Map.of(
                "ts",
                onset.plusSeconds(m * 60L).toString(),
                "service",
                b.service(),
                "level",
                "ERROR",
                "message",
                "transient retry " + m));
      }
      for (double m = b.fromMinute(); m < 19.5; m += 1.0 / b.perMinute()) {
        lines.add(
            Map.of(
                "ts",
                onset.plusMillis((long) (m * 60_000)).toString(),
                "service",
                b.service(),
                "level",
                "ERROR",
                "message",
                b.message().formatted((int) (m * 1000))));
      }
      var r = http("POST", logs.baseUrl() + "/api/v1/logs", key, Json.write(lines));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    AgentClient client = mon.client(key);
    Map<String, Object> args = new LinkedHashMap<>();
    if (s.viaIncident()) {
      var incident =
          new IncidentStore(mon.db())
              .create(
                  tenant,
                  s.name(),
                  Severity.SEV2,
                  List.of(s.symptom()),
                  onset.plusSeconds(180).atOffset(ZoneOffset.UTC));
      args.put("incident_id", Long.toString(incident.id()));
    } else if (s.symptom() != null) {
      args.put("service", s.symptom());
    }
    return client.call("root_cause_analysis", args);
  }

  static HttpResponse<String> http(String method, String url, String key, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
