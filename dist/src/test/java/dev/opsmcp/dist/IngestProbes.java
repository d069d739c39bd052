package dev.opsmcp.dist;

import com.google.protobuf.ByteString;
import dev.opsmcp.common.testing.Http;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The three ingest endpoints under hostile bodies: every field of a record set to every hostile
 * value (simple JSON and OTLP/JSON), bodies that are not JSON, protobuf that is not a request or
 * carries oversized parts, and gzip that is not gzip. Whatever is accepted must read back (checked
 * by the suite afterwards).
 */
final class IngestProbes {
  private static final String RECORD =
      "{\"ts\":\"2026-01-01T00:00:00Z\",\"service\":\"s\",\"level\":\"INFO\",\"message\":\"m\"}";
  private static final String OTLP =
      "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
          + "{\"stringValue\":$SERVICE}}]},\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":$TIME,"
          + "\"severityNumber\":$NUMBER,\"severityText\":$TEXT,\"body\":{\"stringValue\":$BODY},"
          + "\"attributes\":[{\"key\":$KEY,\"value\":{\"doubleValue\":$DOUBLE}}],"
          + "\"traceId\":$TRACE,\"spanId\":$SPAN}]}]}]}";
  private static final List<String> OTLP_SLOTS =
      List.of(
          "$SERVICE", "$TIME", "$NUMBER", "$TEXT", "$BODY", "$KEY", "$DOUBLE", "$TRACE", "$SPAN");
  private static final List<String> OTLP_DEFAULTS =
      List.of(
          "\"s\"",
          "\"1767225600000000000\"",
          "9",
          "\"INFO\"",
          "\"m\"",
          "\"k\"",
          "1.5",
          "\"\"",
          "\"\"");

  private static final String METRICS =
      "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
          + "{\"stringValue\":$SERVICE}}]},\"scopeMetrics\":[{\"metrics\":[{\"name\":$NAME,"
          + "\"unit\":$UNIT,\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":$TIME,\"asDouble\":$VALUE,"
          + "\"attributes\":[{\"key\":$KEY,\"value\":{\"stringValue\":$ATTRIBUTE}}]}]}}]}]}]}";
  private static final List<String> METRIC_SLOTS =
      List.of("$SERVICE", "$NAME", "$UNIT", "$TIME", "$VALUE", "$KEY", "$ATTRIBUTE");
  private static final List<String> METRIC_DEFAULTS =
      List.of("\"s\"", "\"m\"", "\"1\"", "\"1767225600000000000\"", "1.5", "\"k\"", "\"v\"");

  private final HostileInputIT suite;
  private final String base;
  private final String monitoring;
  private final String key;

  /** Logs go to {@code base} (log-analytics), metrics to {@code monitoring}. */
  IngestProbes(HostileInputIT suite, String base, String monitoring, String key) {
    this.suite = suite;
    this.base = base;
    this.monitoring = monitoring;
    this.key = key;
  }

  void run() {
    for (String field : List.of("ts", "service", "level", "message", "attributes")) {
      for (String raw : HostileValues.RAW_VALUES) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ts", "\"2026-01-01T00:00:00Z\"");
        fields.put("service", "\"s\"");
        fields.put("level", "\"INFO\"");
        fields.put("message", "\"m\"");
        fields.put(field, raw);
        StringBuilder record = new StringBuilder("{");
        fields.forEach(
            (name, value) ->
                record
                    .append(record.length() > 1 ? "," : "")
                    .append('"')
                    .append(name)
                    .append("\":")
                    .append(value));
        record.append('}');
        post(
            "/api/v1/logs",
            "application/json",
            ("[" + record + "]").getBytes(StandardCharsets.UTF_8));
        post(
            "/api/v1/logs",
            "application/x-ndjson",
            record.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    for (int slot = 0; slot < OTLP_SLOTS.size(); slot++) {
      for (String raw : HostileValues.RAW_VALUES) {
        post("/v1/logs", "application/json", otlp(slot, raw).getBytes(StandardCharsets.UTF_8));
      }
    }
    for (byte[] body : HostileValues.brokenBodies()) {
      post("/api/v1/logs", "application/json", body);
      post("/v1/logs", "application/json", body);
      post("/v1/logs", "application/x-protobuf", body);
      for (String path : List.of("/api/v1/logs", "/v1/logs")) {
        post(path, "application/json", body, "Content-Encoding", "gzip");
        post(path, "application/json", gzip(body), "Content-Encoding", "gzip");
      }
    }
    byte[] whole = gzip(("[" + RECORD + "]").getBytes(StandardCharsets.UTF_8));
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
    post("/api/v1/logs", "application/json", half, "Content-Encoding", "gzip");
    post("/v1/logs", "application/x-protobuf", half, "Content-Encoding", "gzip");
    for (String encoding : List.of("br", "gzip, gzip", "identity", "x".repeat(4_000))) {
      post(
          "/api/v1/logs",
          "application/json",
          RECORD.getBytes(StandardCharsets.UTF_8),
          "Content-Encoding",
          encoding);
    }
    metrics();
    for (ExportLogsServiceRequest request : protobufs()) {
      post("/v1/logs", "application/x-protobuf", request.toByteArray());
      byte[] bytes = request.toByteArray();
      post("/v1/logs", "application/x-protobuf", java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
  }

  /** OTLP metrics on the monitoring server: each slot of a gauge point hostile, broken bodies. */
  private void metrics() {
    for (int slot = 0; slot < METRIC_SLOTS.size(); slot++) {
      for (String raw : HostileValues.RAW_VALUES) {
        String body = METRICS;
        for (int i = 0; i < METRIC_SLOTS.size(); i++) {
          body = body.replace(METRIC_SLOTS.get(i), i == slot ? raw : METRIC_DEFAULTS.get(i));
        }
        post(monitoring, "/v1/metrics", "application/json", body.getBytes(StandardCharsets.UTF_8));
      }
    }
    for (byte[] body : HostileValues.brokenBodies()) {
      post(monitoring, "/v1/metrics", "application/json", body);
      post(monitoring, "/v1/metrics", "application/x-protobuf", body);
      post(monitoring, "/v1/metrics", "application/json", body, "Content-Encoding", "gzip");
    }
    byte[] whole = gzip(METRICS.getBytes(StandardCharsets.UTF_8));
    post(
        monitoring,
        "/v1/metrics",
        "application/json",
        java.util.Arrays.copyOf(whole, whole.length / 2),
        "Content-Encoding",
        "gzip");
  }

  private static String otlp(int slot, String raw) {
    String body = OTLP;
    for (int i = 0; i < OTLP_SLOTS.size(); i++) {
      body = body.replace(OTLP_SLOTS.get(i), i == slot ? raw : OTLP_DEFAULTS.get(i));
    }
    return body;
  }

  /** Well-formed requests with parts too big, of the wrong length, or odd numbers. */
  private static List<ExportLogsServiceRequest> protobufs() {
    List<ExportLogsServiceRequest> requests = new ArrayList<>();
    requests.add(request(record().setTraceId(ByteString.copyFrom(new byte[100_000]))));
    requests.add(request(record().setSpanId(ByteString.copyFrom(new byte[3]))));
    requests.add(request(record().setSeverityText(HostileValues.HUGE)));
    requests.add(request(record().setSeverityNumberValue(9_999)));
    requests.add(request(record().setTimeUnixNano(-1L)));
    requests.add(
        request(record().setBody(AnyValue.newBuilder().setStringValue(HostileValues.HUGE))));
    requests.add(
        request(
            record()
                .addAttributes(double_("nan", Double.NaN))
                .addAttributes(double_("inf", Double.NEGATIVE_INFINITY))
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("bytes")
                        .setValue(
                            AnyValue.newBuilder()
                                .setBytesValue(ByteString.copyFrom(new byte[] {0, -1}))))));
    AnyValue deep = AnyValue.newBuilder().setStringValue("bottom").build();
    for (int i = 0; i < 30; i++) {
      deep =
          AnyValue.newBuilder()
              .setKvlistValue(
                  KeyValueList.newBuilder()
                      .addValues(KeyValue.newBuilder().setKey("k").setValue(deep)))
              .build();
    }
    requests.add(request(record().setBody(deep)));
    requests.add(
        ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()).build());
    return requests;
  }

  private static KeyValue double_(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  private static LogRecord.Builder record() {
    return LogRecord.newBuilder()
        .setTimeUnixNano(1_767_225_600_000_000_000L)
        .setBody(AnyValue.newBuilder().setStringValue("m"));
  }

  private static ExportLogsServiceRequest request(LogRecord.Builder record) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("p"))))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record)))
        .build();
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void post(String path, String type, byte[] body, String... extra) {
    post(base, path, type, body, extra);
  }

  private void post(String server, String path, String type, byte[] body, String... extra) {
    String what =
        "POST "
            + path
            + " "
            + type
            + " "
            + String.join(" ", extra).substring(0, Math.min(40, String.join(" ", extra).length()))
            + " "
            + Verdicts.head(new String(body, StandardCharsets.UTF_8));
    String[] headers = new String[4 + extra.length];
    headers[0] = "Authorization";
    headers[1] = Http.bearer(key);
    headers[2] = "Content-Type";
    headers[3] = type;
    System.arraycopy(extra, 0, headers, 4, extra.length);
    boolean protobuf = type.contains("protobuf");
    suite.probe(
        what,
        () -> {
          var r = Http.post(server + path, body, headers);
          // An empty ExportLogsServiceResponse is zero bytes of protobuf.
          return protobuf && r.statusCode() == 200 && r.body().isEmpty()
              ? null
              : Verdicts.http("POST", r);
        });
  }
}
