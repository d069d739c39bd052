package dev.opsmcp.monitoring.metrics;

import static dev.opsmcp.monitoring.Otlp.counter;
import static dev.opsmcp.monitoring.Otlp.counterPoint;
import static dev.opsmcp.monitoring.Otlp.gauge;
import static dev.opsmcp.monitoring.Otlp.point;
import static dev.opsmcp.monitoring.Otlp.request;
import static dev.opsmcp.monitoring.Otlp.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.Otlp;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP metric ingest through real HTTP, auth and database. */
class MetricIngestIT {
  static MonitoringFixture mon;
  static final String PB = "application/x-protobuf";
  static final String JSON = "application/json";

  @BeforeAll
  static void start() throws Exception {
    mon =
        MonitoringFixture.start(
            Map.of("OPSMCP_METRIC_MAX_SERIES_PER_SERVICE", "3", "OPSMCP_INGEST_MAX_BATCH", "500"));
  }

  @AfterAll
  static void stop() {
    mon.close();
  }

  static Instant minute(int back) {
    return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(back, ChronoUnit.MINUTES);
  }

  List<Double> values(String tenant, String service, String name) {
    return mon.db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT p.val FROM metric_point p JOIN metric_series s ON s.id = p.series_id
                        WHERE s.tenant_id = :t AND s.service = :s AND s.name = :n ORDER BY p.ts
                        """)
                    .bind("t", tenant)
                    .bind("s", service)
                    .bind("n", name)
                    .mapTo(Double.class)
                    .list());
  }

  @Test
  void json_gauge_isStoredWithMinuteAndHourRollups() {
    String key = mon.key("ingest-json", Scope.METRICS_WRITE);
    Instant t = minute(5);
    var req =
        request(
            resource(
                "checkout",
                List.of(
                    gauge(
                        "queue_depth",
                        List.of(
                            point(t, 4, Map.of("queue", "a")),
                            point(t.plusSeconds(15), 8, Map.of("queue", "a")))))));
    HttpResponse<byte[]> r = mon.post("/v1/metrics", key, JSON, Otlp.json(req));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("rejected");
    assertThat(values("ingest-json", "checkout", "queue_depth")).containsExactly(4.0, 8.0);
    Map<String, Object> rollup =
        mon.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT r.n, r.total, r.lo, r.hi FROM metric_rollup_1m r JOIN"
                                + " metric_series s ON s.id = r.series_id WHERE s.tenant_id ="
                                + " 'ingest-json'")
                        .mapToMap()
                        .one());
    assertThat(((Number) rollup.get("n")).longValue()).isEqualTo(2);
    assertThat(((Number) rollup.get("total")).doubleValue()).isEqualTo(12.0);
    assertThat(((Number) rollup.get("lo")).doubleValue()).isEqualTo(4.0);
    assertThat(((Number) rollup.get("hi")).doubleValue()).isEqualTo(8.0);
    assertThat(
            mon.count(
                "SELECT count(*) FROM metric_rollup_1h r JOIN metric_series s ON s.id ="
                    + " r.series_id WHERE s.tenant_id = 'ingest-json'"))
        .isEqualTo(1);
    // the service appears in the catalog as seen in telemetry
    assertThat(
            mon.count(
                "SELECT count(*) FROM catalog_service WHERE tenant_id = 'ingest-json'"
                    + " AND name = 'checkout' AND source = 'telemetry'"))
        .isEqualTo(1);
  }

  @Test
  void handWrittenOtlpJson_withStringIntegers_isAccepted() {
    String key = mon.key("ingest-hand", Scope.METRICS_WRITE);
    long nanos = Otlp.nanos(minute(3));
    String body =
        """
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
         "scopeMetrics":[{"scope":{"name":"x"},"metrics":[{"name":"http.server.active_requests","unit":"1",
          "gauge":{"dataPoints":[{"timeUnixNano":"%d","asInt":"7","attributes":[{"key":"route","value":{"stringValue":"/pay"}}]}]}}]}]}]}
        """
            .formatted(nanos);
    HttpResponse<byte[]> r =
        mon.post("/v1/metrics", key, JSON, body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(values("ingest-hand", "api", "http.server.active_requests")).containsExactly(7.0);
  }

  @Test
  void protobuf_gzip_cumulativeCounter_becomesRates_andResetsAreDetected() throws Exception {
    String key = mon.key("ingest-counter", Scope.METRICS_WRITE);
    Instant start = minute(10);
    Instant t = start.plusSeconds(60);
    var points =
        List.of(
            counterPoint(start, t, 100), // first point: state only
            counterPoint(start, t.plusSeconds(60), 160), // +60 in 60 s → 1/s
            counterPoint(start, t.plusSeconds(120), 280), // +120 in 60 s → 2/s
            // process restarted 30 s before this point: counts from its new start → 45/30 s
            counterPoint(t.plusSeconds(150), t.plusSeconds(180), 45),
            // value dropped without a new start time: also a reset → 30 over 60 s
            counterPoint(t.plusSeconds(150), t.plusSeconds(240), 30));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      request(resource("payments", List.of(counter("requests_total", points)))).writeTo(out);
    }
    HttpResponse<byte[]> r =
        mon.post("/v1/metrics", key, PB, gz.toByteArray(), "Content-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ExportMetricsServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
    assertThat(values("ingest-counter", "payments", "requests_total"))
        .containsExactly(1.0, 2.0, 1.5, 0.5);

    // the next batch continues from the stored state: +60 in 60 s
    r =
        mon.post(
            "/v1/metrics",
            key,
            PB,
            request(
                    resource(
                        "payments",
                        List.of(
                            counter(
                                "requests_total",
                                List.of(
                                    counterPoint(t.plusSeconds(150), t.plusSeconds(300), 90))))))
                .toByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(values("ingest-counter", "payments", "requests_total"))
        .containsExactly(1.0, 2.0, 1.5, 0.5, 1.0);
  }

  @Test
  void cumulativeHistogram_keepsBucketCountsPerInterval() {
    String key = mon.key("ingest-histo", Scope.METRICS_WRITE);
    Instant start = minute(6);
    List<Double> bounds = List.of(0.1, 0.5, 1.0);
    var h =
        Otlp.histogram(
            "http_request_duration_seconds",
            true,
            List.of(
                Otlp.histogramPoint(start, start.plusSeconds(60), bounds, List.of(10L, 5L, 0L, 0L)),
                Otlp.histogramPoint(
                    start, start.plusSeconds(120), bounds, List.of(15L, 25L, 10L, 2L))));
    assertThat(
            mon.post("/v1/metrics", key, PB, request(resource("web", List.of(h))).toByteArray())
                .statusCode())
        .isEqualTo(200);
    List<Map<String, Object>> buckets =
        mon.db()
            .jdbi()
            .withHandle(
                hd ->
                    hd.createQuery(
                            "SELECT b.le, b.n FROM metric_bucket_1m b JOIN metric_series s ON s.id"
                                + " = b.series_id WHERE s.tenant_id = 'ingest-histo' ORDER BY b.le")
                        .mapToMap()
                        .list());
    assertThat(buckets.stream().map(b -> ((Number) b.get("n")).doubleValue()))
        .containsExactly(5.0, 20.0, 10.0, 2.0);
    // observations per second over the interval: 37 in 60 s
    assertThat(values("ingest-histo", "web", "http_request_duration_seconds"))
        .singleElement()
        .satisfies(
            v -> assertThat(v).isCloseTo(37 / 60.0, org.assertj.core.data.Offset.offset(1e-9)));
  }

  @Test
  void missingServiceName_isRejectedAsPartialSuccess_andTheRestStored() throws Exception {
    String key = mon.key("ingest-noservice", Scope.METRICS_WRITE);
    Instant t = minute(2);
    var req =
        request(
            resource(
                null, List.of(gauge("cpu", List.of(point(t, 1, Map.of()), point(t, 2, Map.of()))))),
            resource("db", List.of(gauge("cpu", List.of(point(t, 0.5, Map.of()))))));
    HttpResponse<byte[]> r = mon.post("/v1/metrics", key, PB, req.toByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    var partial = ExportMetricsServiceResponse.parseFrom(r.body()).getPartialSuccess();
    assertThat(partial.getRejectedDataPoints()).isEqualTo(2);
    assertThat(partial.getErrorMessage()).contains("service.name").contains("OTEL_SERVICE_NAME");
    assertThat(values("ingest-noservice", "db", "cpu")).containsExactly(0.5);
  }

  @Test
  void newSeriesOverTheCardinalityCap_areRefusedWithAClearMessage() {
    String key = mon.key("ingest-cap", Scope.METRICS_WRITE);
    Instant t = minute(2);
    List<io.opentelemetry.proto.metrics.v1.NumberDataPoint> points = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      points.add(point(t, i, Map.of("user_id", "u" + i)));
    }
    HttpResponse<byte[]> r =
        mon.post(
            "/v1/metrics",
            key,
            JSON,
            Otlp.json(request(resource("search", List.of(gauge("latency", points))))));
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(body)
        .contains("\"rejectedDataPoints\": \"2\"")
        .contains("OPSMCP_METRIC_MAX_SERIES_PER_SERVICE")
        .contains("search");
    assertThat(mon.count("SELECT count(*) FROM metric_series WHERE tenant_id = 'ingest-cap'"))
        .isEqualTo(3);
    // an existing series still takes new points once the cap is reached
    r =
        mon.post(
            "/v1/metrics",
            key,
            JSON,
            Otlp.json(
                request(
                    resource(
                        "search",
                        List.of(
                            gauge(
                                "latency",
                                List.of(point(t.plusSeconds(15), 9, Map.of("user_id", "u0")))))))));
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("rejected");
    assertThat(
            mon.count(
                "SELECT count(*) FROM metric_point p JOIN metric_series s ON s.id ="
                    + " p.series_id WHERE s.tenant_id = 'ingest-cap'"))
        .isEqualTo(4);
  }

  @Test
  void malformedBodies_areRefusedWhole() {
    String key = mon.key("ingest-bad", Scope.METRICS_WRITE);
    HttpResponse<byte[]> json =
        mon.post(
            "/v1/metrics", key, JSON, "{\"resourceMetrics\": [ {".getBytes(StandardCharsets.UTF_8));
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(new String(json.body(), StandardCharsets.UTF_8))
        .contains("not a valid OTLP JSON")
        .contains("nothing was stored");
    HttpResponse<byte[]> pb = mon.post("/v1/metrics", key, PB, new byte[] {(byte) 0xff, 1, 2, 3});
    assertThat(pb.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> type = mon.post("/v1/metrics", key, "text/plain", new byte[] {1});
    assertThat(type.statusCode()).isEqualTo(415);
    HttpResponse<byte[]> gzip =
        mon.post("/v1/metrics", key, PB, new byte[] {1, 2, 3}, "Content-Encoding", "gzip");
    assertThat(gzip.statusCode()).isEqualTo(400);
    assertThat(mon.count("SELECT count(*) FROM metric_series WHERE tenant_id = 'ingest-bad'"))
        .isZero();
  }

  @Test
  void aBatchOverTheLimit_isRefusedWhole() {
    String key = mon.key("ingest-big", Scope.METRICS_WRITE);
    List<io.opentelemetry.proto.metrics.v1.NumberDataPoint> points = new ArrayList<>();
    Instant t = minute(30);
    for (int i = 0; i < 501; i++) {
      points.add(point(t.plusSeconds(i), i, Map.of()));
    }
    HttpResponse<byte[]> r =
        mon.post(
            "/v1/metrics",
            key,
            PB,
            request(resource("big", List.of(gauge("g", points)))).toByteArray());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(mon.count("SELECT count(*) FROM metric_series WHERE tenant_id = 'ingest-big'"))
        .isZero();
  }

  @Test
  void writingNeedsMetricsWrite_andMetricsStayInTheirTenant() {
    String readOnly = mon.key("ingest-ro", Scope.MONITORING_READ);
    var req = request(resource("svc", List.of(gauge("g", List.of(point(minute(1), 1, Map.of()))))));
    HttpResponse<byte[]> r = mon.post("/v1/metrics", readOnly, PB, req.toByteArray());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(mon.post("/v1/metrics", null, PB, req.toByteArray()).statusCode()).isEqualTo(401);

    String a = mon.key("ingest-ta", Scope.METRICS_WRITE);
    String b = mon.key("ingest-tb", Scope.METRICS_WRITE);
    assertThat(mon.post("/v1/metrics", a, PB, req.toByteArray()).statusCode()).isEqualTo(200);
    assertThat(mon.post("/v1/metrics", b, PB, req.toByteArray()).statusCode()).isEqualTo(200);
    // one series per tenant, not one shared series
    assertThat(
            mon.count(
                "SELECT count(*) FROM metric_series WHERE service = 'svc' AND tenant_id"
                    + " IN ('ingest-ta', 'ingest-tb')"))
        .isEqualTo(2);
  }

  @Test
  void retention_deletesOldPointsAndRollups() {
    String key = mon.key("ingest-old", Scope.METRICS_WRITE);
    Instant old = Instant.now().minus(9, ChronoUnit.DAYS);
    var req =
        request(
            resource(
                "legacy",
                List.of(
                    gauge("g", List.of(point(old, 1, Map.of()), point(minute(1), 2, Map.of()))))));
    assertThat(mon.post("/v1/metrics", key, PB, req.toByteArray()).statusCode()).isEqualTo(200);
    MetricRetention.job(mon.db(), java.time.Clock.systemUTC(), java.time.Duration.ofDays(7))
        .deleteExpired(Instant.now().minus(7, ChronoUnit.DAYS));
    assertThat(values("ingest-old", "legacy", "g")).containsExactly(2.0);
    assertThat(
            mon.count(
                "SELECT count(*) FROM metric_rollup_1h r JOIN metric_series s ON s.id ="
                    + " r.series_id WHERE s.tenant_id = 'ingest-old'"))
        .isEqualTo(1);
  }
}
