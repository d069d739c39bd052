package dev.opsmcp.monitoring.rca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.rca.RcaScenariosIT.Change;
import dev.opsmcp.monitoring.rca.RcaScenariosIT.Scenario;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same root-cause analysis over a real Prometheus (Debian's {@code prometheus} package) on a
 * free port: scenario history of {@link RcaScenariosIT} written as OpenMetrics and turned into TSDB
 * blocks with {@code promtool tsdb create-blocks-from openmetrics} before Prometheus starts (no
 * waiting for scrapes), each scenario in its own 3-hour slot of the past; the monitoring server
 * reads it with {@code OPSMCP_PROMETHEUS_URL}. The same Prometheus scrapes the monitoring server's
 * {@code /metrics}. Without the binaries the test is skipped, under {@code CI=true} it fails.
 */
class PrometheusIT {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final String TENANT = "promteam";
  static final List<String> CHOSEN =
      List.of(
          "database saturating under its callers",
          "bad deploy whose errors cascade through three services",
          "loud caller, quieter failing dependency",
          "change that came after the onset");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Slot(Scenario scenario, Instant now, Instant onset) {}

  static MonitoringFixture mon;
  static Process prometheus;
  static Path dir;
  static String promUrl;
  static final List<Slot> slots = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
      String problem = "prometheus is not installed (apt-get install prometheus)";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI needs " + PROMETHEUS + ": " + problem);
      }
      System.out.println("[PrometheusIT] skipped: " + problem);
      Assumptions.abort(problem);
    }
    int port = freePort();
    promUrl = "http://127.0.0.1:" + port;
    mon =
        MonitoringFixture.start(
            Map.of("OPSMCP_PROMETHEUS_URL", promUrl, "OPSMCP_PROMETHEUS_TENANT", TENANT));
    dir = Files.createTempDirectory("prometheus-it");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Map<String, List<String>> families = new TreeMap<>();
    int k = 0;
    for (Scenario s : RcaScenariosIT.scenarios()) {
      if (!CHOSEN.contains(s.name())) {
        continue;
      }
      // slot k ends 10 min + k·3 h ago: before any scrape of our own /metrics, apart from the
      // others
      Instant end = now.minus(Duration.ofMinutes(10)).minus(Duration.ofHours(3L * k));
      Instant onset = end.minus(20, ChronoUnit.MINUTES);
      Telemetry.openMetrics(
          families, s.signals(), onset, end.minus(150, ChronoUnit.MINUTES), end, k);
      slots.add(new Slot(s, end, onset));
      k++;
    }
    StringBuilder om = new StringBuilder();
    families.values().forEach(lines -> lines.forEach(l -> om.append(l).append('\n')));
    om.append("# EOF\n");
    Path input = dir.resolve("history.om");
    Files.writeString(input, om);
    Path data = dir.resolve("data");
    run(
        PROMTOOL.toString(),
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        input.toString(),
        data.toString());
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: opsmcp-monitoring
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(mon.server.port()));
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=30d",
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    until("prometheus to be ready", () -> get(promUrl + "/-/ready").statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (mon != null) {
      mon.close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void rootCauseAnalysisOverPrometheusRanksTheTrueCauseFirst() throws Exception {
    String key = mon.key(TENANT);
    AgentClient client = mon.client(key);
    List<String> report = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int index = 0;
    for (Slot slot : slots) {
      Scenario s = slot.scenario();
      load(key, s, slot.onset(), index++);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("service", s.symptom());
      args.put("start", slot.now().minus(30, ChronoUnit.MINUTES).toString());
      args.put("end", slot.now().toString());
      Map<String, Object> result = client.call("root_cause_analysis", args);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> candidates = (List<Map<String, Object>>) result.get("candidates");
      List<String> ranked = candidates.stream().map(c -> (String) c.get("service")).toList();
      int rank = ranked.indexOf(s.cause()) + 1;
      String line =
          "%-60s true cause %-14s rank %s   ranking %s"
              .formatted(s.name(), s.cause(), rank == 0 ? "absent" : rank, ranked);
      report.add(line);
      if (rank != 1) {
        failures.add(line + "\n      " + Json.write(result));
      }
    }
    System.out.println("[rca over prometheus]\n" + String.join("\n", report));
    assertThat(report).hasSizeGreaterThanOrEqualTo(3);
    assertThat(failures).as(String.join("\n", failures)).isEmpty();

    // get_system_metrics reads the same source: the failing database's series, departed
    Slot first = slots.get(0);
    Map<String, Object> metrics =
        client.call(
            "get_system_metrics",
            Map.of(
                "service",
                first.scenario().cause(),
                "start",
                first.now().minus(30, ChronoUnit.MINUTES).toString(),
                "end",
                first.now().toString()));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> series = (List<Map<String, Object>>) metrics.get("series");
    assertThat(series).isNotEmpty();
    assertThat(series).anySatisfy(m -> assertThat(m.get("departed")).isEqualTo(true));
  }

  @Test
  void queryPrometheusAnswersABoundedSummaryAndPrometheusScrapesOurMetrics() throws Exception {
    AgentClient client = mon.client(mon.key(TENANT));
    assertThat(client.client.listTools().tools())
        .anySatisfy(t -> assertThat(t.name()).isEqualTo("query_prometheus"));
    java.util.concurrent.atomic.AtomicReference<Map<String, Object>> up =
        new java.util.concurrent.atomic.AtomicReference<>();
    until(
        "prometheus to scrape our /metrics",
        () -> {
          up.set(
              client.call(
                  "query_prometheus",
                  Map.of(
                      "query",
                      "up{job=\"opsmcp-monitoring\"} == 1",
                      "start",
                      Instant.now().minusSeconds(60).toString())));
          return ((List<?>) up.get().get("series")).size() == 1;
        });
    @SuppressWarnings("unchecked")
    Map<String, Object> upSeries = ((List<Map<String, Object>>) up.get().get("series")).get(0);
    assertThat(upSeries.get("last")).isEqualTo(1.0);
    assertThat(((Map<?, ?>) upSeries.get("labels")).get("job")).isEqualTo("opsmcp-monitoring");

    // verify_health reads the same Prometheus: our own scraped job is a service with telemetry
    // (series named by job, no service label), which the built-in store knows nothing of
    Map<String, Object> health =
        client.call("verify_health", Map.of("services", List.of("opsmcp-monitoring")));
    @SuppressWarnings("unchecked")
    Map<String, Object> own = ((List<Map<String, Object>>) health.get("services")).get(0);
    assertThat(own.get("status")).as(Json.write(own)).isNotEqualTo("unknown");
    assertThat(own.get("reasons").toString()).containsPattern("\\d+ series");

    // many series, bounded: 5 of them, with at most 30 points each, the total and truncated
    Slot slot = slots.get(0);
    Map<String, Object> many =
        client.call(
            "query_prometheus",
            Map.of(
                "query",
                "{service=~\".+\"}",
                "start",
                slot.now().minus(2, ChronoUnit.HOURS).toString(),
                "end",
                slot.now().toString(),
                "limit",
                5));
    assertThat((List<?>) many.get("series")).hasSize(5);
    assertThat((Integer) many.get("total")).isGreaterThan(5);
    assertThat(many.get("truncated")).isEqualTo(true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> five = (List<Map<String, Object>>) many.get("series");
    assertThat(five)
        .allSatisfy(m -> assertThat((List<?>) m.get("points")).hasSizeLessThanOrEqualTo(30));
    assertThat(Json.write(many).length()).isLessThan(32_000);

    assertThat(client.error("query_prometheus", Map.of("query", "rate(up[")))
        .contains("Prometheus refused the query");
    // another tenant's key: this Prometheus is not its metrics
    assertThat(mon.client(mon.key("other")).error("query_prometheus", Map.of("query", "up")))
        .contains("another tenant");
  }

  @Test
  void queryPrometheusIsListedOnlyWhenConfigured() throws Exception {
    try (MonitoringFixture plain = MonitoringFixture.start(Map.of())) {
      assertThat(plain.client(plain.key("t")).client.listTools().tools())
          .noneSatisfy(t -> assertThat(t.name()).isEqualTo("query_prometheus"));
    }
  }

  @Test
  void anUnreachablePrometheusIsAnUnavailableErrorThatSaysSo() throws Exception {
    String url = "http://127.0.0.1:" + freePort();
    try (MonitoringFixture down =
        MonitoringFixture.start(
            Map.of("OPSMCP_PROMETHEUS_URL", url, "OPSMCP_PROMETHEUS_TENANT", TENANT))) {
      AgentClient client = down.client(down.key(TENANT));
      for (String tool : List.of("get_system_metrics", "root_cause_analysis")) {
        assertThat(client.error(tool, Map.of()))
            .as(tool)
            .contains("Prometheus at " + url)
            .contains("did not answer");
      }
      // another tenant reads the built-in store, untouched by the outage
      down.client(down.key("other")).call("get_system_metrics", Map.of());
    }
  }

  private static void load(String key, Scenario s, Instant onset, int index) throws Exception {
    if (s.catalog() != null) {
      for (var e : s.catalog().entrySet()) {
        var r =
            RcaScenariosIT.http(
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
          RcaScenariosIT.http(
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
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void until(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (Exception | AssertionError e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what + "; prometheus log:\n" + log(), last);
  }

  static String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", command) + ":\n" + out).isZero();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
