package dev.opsmcp.loganalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.opsmcp.common.auth.Scope;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP (JSON and protobuf) and the simple JSON ingest, through real HTTP and auth. */
class IngestIT {
  static dev.opsmcp.loganalytics.LogAnalyticsFixture la;

  @BeforeAll
  static void start() throws Exception {
    la = dev.opsmcp.loganalytics.LogAnalyticsFixture.start(Map.of("OPSMCP_INGEST_MAX_BATCH", "50"));
  }

  @AfterAll
  static void stop() {
    la.close();
  }

  static String otlpJson(String service, long nanos, String traceHex, String spanHex, int count) {
    StringBuilder records = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        records.append(',');
      }
      records.append(
          """
          {"timeUnixNano":"%d","severityNumber":17,"severityText":"ERROR",
           "body":{"stringValue":"payment failed %d"},
           "attributes":[{"key":"http.status","value":{"intValue":"502"}}],
           "traceId":"%s","spanId":"%s"}"""
              .formatted(nanos + i, i, traceHex, spanHex));
    }
    String resource =
        service == null
            ? "{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"h1\"}}]}"
            : "{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\""
                + service
                + "\"}},{\"key\":\"host.name\",\"value\":{\"stringValue\":\"h1\"}}]}";
    return "{\"resourceLogs\":[{\"resource\":"
        + resource
        + ",\"scopeLogs\":[{\"scope\":{\"name\":\"test\"},\"logRecords\":["
        + records
        + "]}]}]}";
  }

  static ExportLogsServiceRequest otlpProto(String service, Instant ts, int count) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (int i = 0; i < count; i++) {
      scope.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(ts.getEpochSecond() * 1_000_000_000L + ts.getNano() + i)
              .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
              .setBody(AnyValue.newBuilder().setStringValue("slow query " + i))
              .setTraceId(
                  ByteString.copyFrom(HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c")))
              .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("b7ad6b7169203331"))));
    }
    Resource.Builder resource = Resource.newBuilder();
    if (service != null) {
      resource.addAttributes(
          KeyValue.newBuilder()
              .setKey("service.name")
              .setValue(AnyValue.newBuilder().setStringValue(service)));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope))
        .build();
  }

  static Map<String, Object> stored(String tenant, String service) {
    return la.server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT service, level, severity_number, body, attributes, trace_id,"
                            + " span_id FROM log_record WHERE tenant_id = :t AND service = :s"
                            + " ORDER BY ts, id LIMIT 1")
                    .bind("t", tenant)
                    .bind("s", service)
                    .mapToMap()
                    .one());
  }

  @Nested
  class OtlpJson {
    @Test
    void jsonBatch_stored_withHexIdsKeptAsHex_andServiceFromResource() {
      String key = la.key("ij1", Scope.LOGS_WRITE);
      String body =
          otlpJson(
              "checkout",
              1_700_000_000_000_000_000L,
              "5b8efff798038103d269b633813fc60c",
              "eee19b7ec3c1b174",
              3);
      HttpResponse<byte[]> r =
          la.post("/v1/logs", key, "application/json", body.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("rejected");
      assertThat(la.countLogs("ij1")).isEqualTo(3);
      Map<String, Object> row = stored("ij1", "checkout");
      assertThat(row.get("trace_id")).isEqualTo("5b8efff798038103d269b633813fc60c");
      assertThat(row.get("span_id")).isEqualTo("eee19b7ec3c1b174");
      assertThat(row.get("level")).isEqualTo("ERROR");
      assertThat(row.get("body")).isEqualTo("payment failed 0");
      assertThat((String) row.get("attributes"))
          .contains("\"http.status\":502")
          .contains("\"resource.host.name\":\"h1\"");
    }

    @Test
    void gzipBody_accepted() throws Exception {
      String key = la.key("ij2", Scope.LOGS_WRITE);
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
        gz.write(
            otlpJson("gz", 1_700_000_000_000_000_000L, "", "", 2).getBytes(StandardCharsets.UTF_8));
      }
      HttpResponse<byte[]> r =
          la.post(
              "/v1/logs", key, "application/json", buf.toByteArray(), "Content-Encoding", "gzip");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(la.countLogs("ij2")).isEqualTo(2);
    }

    @Test
    void malformedJson_400_nothingStored() {
      String key = la.key("ij3", Scope.LOGS_WRITE);
      HttpResponse<byte[]> r =
          la.post(
              "/v1/logs",
              key,
              "application/json",
              "{\"resourceLogs\":[".getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(new String(r.body(), StandardCharsets.UTF_8))
          .contains("not valid OTLP/JSON")
          .contains("nothing was stored");
      HttpResponse<byte[]> badId =
          la.post(
              "/v1/logs",
              key,
              "application/json",
              otlpJson("svc", 1L, "not-hex-at-all", "", 1).getBytes(StandardCharsets.UTF_8));
      assertThat(badId.statusCode()).isEqualTo(400);
      assertThat(new String(badId.body(), StandardCharsets.UTF_8)).contains("hex");
      assertThat(la.countLogs("ij3")).isZero();
    }

    @Test
    void recordWithoutService_rejectedAsPartialSuccess_restStored() {
      String key = la.key("ij4", Scope.LOGS_WRITE);
      String noService = otlpJson(null, 1_700_000_000_000_000_000L, "", "", 2);
      String withService = otlpJson("billing", 1_700_000_000_000_000_000L, "", "", 1);
      // two resources in one request: one without service.name
      String both =
          noService.substring(0, noService.length() - 2)
              + ","
              + withService.substring("{\"resourceLogs\":[".length());
      HttpResponse<byte[]> r =
          la.post("/v1/logs", key, "application/json", both.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(200);
      String answer = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(answer).contains("\"rejectedLogRecords\": \"2\"").contains("service.name");
      assertThat(la.countLogs("ij4")).isEqualTo(1);
    }

    @Test
    void oversizedBatch_413_nothingStored() {
      String key = la.key("ij5", Scope.LOGS_WRITE);
      HttpResponse<byte[]> r =
          la.post(
              "/v1/logs",
              key,
              "application/json",
              otlpJson("big", 1_700_000_000_000_000_000L, "", "", 51)
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(new String(r.body(), StandardCharsets.UTF_8))
          .contains("51 records exceeds the limit of 50")
          .contains("nothing was stored");
      assertThat(la.countLogs("ij5")).isZero();
    }

    @Test
    void withoutLogsWriteScope_403() {
      String key = la.key("ij6", Scope.LOGS_READ);
      HttpResponse<byte[]> r =
          la.post(
              "/v1/logs",
              key,
              "application/json",
              otlpJson("x", 1L, "", "", 1).getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(la.post("/v1/logs", null, "application/json", new byte[0]).statusCode())
          .isEqualTo(401);
    }
  }

  @Nested
  class OtlpProtobuf {
    @Test
    void protobufBatch_stored_answeredInProtobuf() throws Exception {
      String key = la.key("ip1", Scope.LOGS_WRITE);
      HttpResponse<byte[]> r =
          la.post(
              "/v1/logs",
              key,
              "application/x-protobuf",
              otlpProto("inventory", Instant.parse("2025-01-01T00:00:00Z"), 4).toByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/x-protobuf");
      ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(r.body());
      assertThat(response.hasPartialSuccess()).isFalse();
      assertThat(la.countLogs("ip1")).isEqualTo(4);
      Map<String, Object> row = stored("ip1", "inventory");
      assertThat(row.get("trace_id")).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(row.get("span_id")).isEqualTo("b7ad6b7169203331");
      assertThat(row.get("level")).isEqualTo("WARN");
    }

    @Test
    void noService_partialSuccessInProtobuf() throws Exception {
      String key = la.key("ip2", Scope.LOGS_WRITE);
      HttpResponse<byte[]> r =
          la.post(
              "/v1/logs",
              key,
              "application/x-protobuf",
              otlpProto(null, Instant.now(), 3).toByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(r.body());
      assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(3);
      assertThat(response.getPartialSuccess().getErrorMessage()).contains("service.name");
      assertThat(la.countLogs("ip2")).isZero();
    }

    @Test
    void malformedProtobuf_400() {
      String key = la.key("ip3", Scope.LOGS_WRITE);
      HttpResponse<byte[]> r =
          la.post("/v1/logs", key, "application/x-protobuf", new byte[] {0x0a, 0x7f, 0x01});
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(la.countLogs("ip3")).isZero();
    }

    @Test
    void oversizedProtobufBatch_413() {
      String key = la.key("ip4", Scope.LOGS_WRITE);
      HttpResponse<byte[]> r =
          la.post(
              "/v1/logs",
              key,
              "application/x-protobuf",
              otlpProto("s", Instant.now(), 60).toByteArray());
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(la.countLogs("ip4")).isZero();
    }
  }

  @Nested
  class SimpleApi {
    @Test
    void jsonArrayAndJsonLines_stored() {
      String key = la.key("is1", Scope.LOGS_WRITE);
      String array =
          """
          [{"ts":"2025-01-01T00:00:00Z","service":"api","level":"info","message":"hello"},
           {"ts":1735689600000,"service":"api","level":"ERROR","message":"boom","attributes":{"a":1}}]
          """;
      HttpResponse<byte[]> r =
          la.post("/api/v1/logs", key, "application/json", array.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"accepted\":2");
      String lines =
          """
          {"ts":"2025-01-01T00:00:01Z","service":"api","level":"WARN","message":"l1"}

          {"ts":"2025-01-01T00:00:02+01:00","service":"api","level":"debug","message":"l2"}
          """;
      r =
          la.post(
              "/api/v1/logs", key, "application/x-ndjson", lines.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(la.countLogs("is1")).isEqualTo(4);
    }

    @Test
    void oneBadRecord_wholeBatchRefused_namingIt() {
      String key = la.key("is2", Scope.LOGS_WRITE);
      String lines =
          """
          {"ts":"2025-01-01T00:00:01Z","service":"api","level":"WARN","message":"ok"}
          {"ts":"2025-01-01T00:00:01Z","level":"WARN","message":"no service"}
          """;
      HttpResponse<byte[]> r =
          la.post("/api/v1/logs", key, "application/json", lines.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(new String(r.body(), StandardCharsets.UTF_8))
          .contains("line 2")
          .contains("service")
          .contains("nothing was stored");
      assertThat(la.countLogs("is2")).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusals_answerTheOneErrorShape() {
      String key = la.key("is3", Scope.LOGS_WRITE);
      byte[] bad = "[{\"ts\":1,\"level\":\"INFO\",\"message\":\"m\"}]".getBytes();
      Map<String, Object> badRecord =
          error(la.post("/api/v1/logs", key, "application/json", bad), 400);
      assertThat(badRecord).containsEntry("code", "invalid_argument");
      assertThat((String) badRecord.get("message")).contains("record 0", "service");

      String readOnly = la.key("is3", Scope.LOGS_READ);
      Map<String, Object> forbidden =
          error(la.post("/api/v1/logs", readOnly, "application/json", "[]".getBytes()), 403);
      assertThat(forbidden).containsEntry("code", "forbidden");
      assertThat((String) forbidden.get("message")).contains("logs:write");

      Map<String, Object> encoding =
          error(
              la.post(
                  "/api/v1/logs",
                  key,
                  "application/json",
                  "[]".getBytes(),
                  "Content-Encoding",
                  "br"),
              415);
      assertThat(encoding).containsEntry("code", "unsupported_media_type");
      assertThat((String) encoding.get("message")).contains("use gzip");
      assertThat(la.countLogs("is3")).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(HttpResponse<byte[]> r, int status) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertThat(r.statusCode()).as(body).isEqualTo(status);
      Map<String, Object> json = dev.opsmcp.common.tool.Json.MAPPER.readValue(body, Map.class);
      assertThat(json).as(body).containsOnlyKeys("error");
      return (Map<String, Object>) json.get("error");
    }
  }

  @Nested
  class HostileBodies {
    static String text(HttpResponse<byte[]> r) {
      return new String(r.body(), StandardCharsets.UTF_8);
    }

    static void assertRefusedCleanly(HttpResponse<byte[]> r, int status, String mentions) {
      assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
      assertThat(text(r)).contains(mentions);
      assertThat(dev.opsmcp.common.testing.Internals.in(text(r))).as(text(r)).isNull();
    }

    @Test
    void aBodyThatIsNotGzip_underGzipEncoding_gets400_onEveryEndpoint() throws Exception {
      String key = la.key("ih1", Scope.LOGS_WRITE);
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(whole)) {
        gz.write("[{\"ts\":1,\"service\":\"a\",\"level\":\"INFO\",\"message\":\"m\"}]".getBytes());
      }
      byte[] truncated = java.util.Arrays.copyOf(whole.toByteArray(), whole.size() / 2);
      for (byte[] body : new byte[][] {"not gzip at all".getBytes(), truncated}) {
        for (String[] target :
            new String[][] {
              {"/v1/logs", "application/json"},
              {"/v1/logs", "application/x-protobuf"},
              {"/api/v1/logs", "application/json"}
            }) {
          HttpResponse<byte[]> r =
              la.post(target[0], key, target[1], body, "Content-Encoding", "gzip");
          assertThat(r.statusCode()).as(target[0] + " " + target[1]).isEqualTo(400);
          if (!target[1].contains("protobuf")) {
            assertRefusedCleanly(r, 400, "gzip");
          }
        }
      }
      assertThat(la.countLogs("ih1")).isZero();
    }

    @Test
    void timestampsOutOfRange_get400_namingTs() {
      String key = la.key("ih2", Scope.LOGS_WRITE);
      for (String ts :
          new String[] {
            "1e300",
            "-1e300",
            "12345678901234567890",
            "9223372036854775807",
            "-9223372036854775808",
            "\"+20000-01-01T00:00:00Z\"",
            "\"1969-12-31T23:59:59Z\""
          }) {
        String body =
            "[{\"ts\":" + ts + ",\"service\":\"a\",\"level\":\"INFO\",\"message\":\"m\"}]";
        HttpResponse<byte[]> r =
            la.post("/api/v1/logs", key, "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertRefusedCleanly(r, 400, "ts");
      }
      assertThat(la.countLogs("ih2")).isZero();
    }

    @Test
    void otlpJsonThatEndsEarly_orHasTheWrongShape_isRefusedWithoutClassNames() {
      String key = la.key("ih3", Scope.LOGS_WRITE);
      for (String body :
          new String[] {"{", "{\"resourceLogs\":[", "{\"resourceLogs\":5}", "[]", "nul", ""}) {
        HttpResponse<byte[]> r =
            la.post("/v1/logs", key, "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(body).isBetween(200, 499);
        assertThat(dev.opsmcp.common.testing.Internals.in(text(r))).as(text(r)).isNull();
      }
      HttpResponse<byte[]> truncated =
          la.post("/v1/logs", key, "application/json", "{".getBytes(StandardCharsets.UTF_8));
      assertRefusedCleanly(truncated, 400, "OTLP/JSON");
    }

    @Test
    void aHugeLevel_isRefusedBySimpleIngest_andShortenedFromOtlp() throws Exception {
      String key = la.key("ih4", Scope.LOGS_WRITE);
      String level = "L".repeat(1_000_000);
      String body =
          "[{\"ts\":1735689600000,\"service\":\"a\",\"level\":\""
              + level
              + "\",\"message\":\"m\"}]";
      assertRefusedCleanly(
          la.post("/api/v1/logs", key, "application/json", body.getBytes(StandardCharsets.UTF_8)),
          400,
          "level");
      assertThat(text(la.post("/api/v1/logs", key, "application/json", body.getBytes())).length())
          .isLessThan(2_000);

      ExportLogsServiceRequest request = otlpProto("huge-level", Instant.now(), 1);
      ExportLogsServiceRequest.Builder b = request.toBuilder();
      b.getResourceLogsBuilder(0)
          .getScopeLogsBuilder(0)
          .getLogRecordsBuilder(0)
          .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED)
          .setSeverityText(level);
      HttpResponse<byte[]> r =
          la.post("/v1/logs", key, "application/x-protobuf", b.build().toByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(((String) stored("ih4", "huge-level").get("level")).length())
          .isLessThanOrEqualTo(64);
    }

    @Test
    void protobufIdsOfTheWrongLength_areRefused() {
      String key = la.key("ih5", Scope.LOGS_WRITE);
      ExportLogsServiceRequest.Builder b = otlpProto("ids", Instant.now(), 1).toBuilder();
      b.getResourceLogsBuilder(0)
          .getScopeLogsBuilder(0)
          .getLogRecordsBuilder(0)
          .setTraceId(ByteString.copyFrom(new byte[100_000]));
      HttpResponse<byte[]> r =
          la.post("/v1/logs", key, "application/x-protobuf", b.build().toByteArray());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(la.countLogs("ih5")).isZero();
    }

    @Test
    void aContentTypeWithAHugeCharset_gets415() {
      String key = la.key("ih6", Scope.LOGS_WRITE);
      for (String path : new String[] {"/v1/logs", "/api/v1/logs"}) {
        HttpResponse<byte[]> r =
            la.post(
                path,
                key,
                "application/json; charset=" + "x".repeat(5_000),
                "[]".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path).isEqualTo(415);
        assertThat(text(r).length()).isLessThan(1_000);
      }
    }
  }
}
