package dev.opsmcp.loganalytics.ingest;

import com.google.protobuf.ByteString;
import dev.opsmcp.common.tool.Json;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an OTLP logs request into stored records. {@code service.name} comes from the resource;
 * other resource attributes are kept as {@code resource.<key>} beside the record's attributes.
 * Records without a service name are rejected (counted for OTLP partial success).
 */
final class OtlpMapping {
  static final int MAX_SERVICE_LENGTH = 200;

  record Result(List<LogEntry> entries, int rejected, String message) {}

  private OtlpMapping() {}

  static Result map(ExportLogsServiceRequest request, Instant now) throws MalformedBatch {
    List<LogEntry> entries = new ArrayList<>();
    int noService = 0;
    int resourceIndex = 0;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      String at = "resourceLogs[" + resourceIndex++ + "]";
      String service = null;
      Map<String, Object> resource = new LinkedHashMap<>();
      for (KeyValue kv : rl.getResource().getAttributesList()) {
        if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
          service = kv.getValue().getStringValue().strip();
        } else {
          resource.put("resource." + kv.getKey(), value(kv.getValue()));
        }
      }
      boolean valid =
          service != null && !service.isEmpty() && service.length() <= MAX_SERVICE_LENGTH;
      for (int s = 0; s < rl.getScopeLogsCount(); s++) {
        ScopeLogs sl = rl.getScopeLogs(s);
        if (!valid) {
          noService += sl.getLogRecordsCount();
          continue;
        }
        for (int r = 0; r < sl.getLogRecordsCount(); r++) {
          LogEntry entry = entry(service, resource, sl.getLogRecords(r), now);
          String problem = problem(entry, sl.getLogRecords(r));
          if (problem != null) {
            throw new MalformedBatch(
                at + ".scopeLogs[" + s + "].logRecords[" + r + "]: " + problem);
          }
          entries.add(entry);
        }
      }
    }
    String message =
        noService == 0
            ? null
            : noService
                + " log record(s) rejected: their resource has no service.name attribute (or one"
                + " longer than "
                + MAX_SERVICE_LENGTH
                + " characters); set OTEL_SERVICE_NAME or the resource attribute service.name";
    return new Result(entries, noService, message);
  }

  /** What would be stored but could not be returned as it was sent; null if nothing. */
  private static String problem(LogEntry e, LogRecord r) {
    if (!r.getTraceId().isEmpty() && r.getTraceId().size() != 16) {
      return "traceId has " + r.getTraceId().size() + " bytes; a trace id has 16 (or none)";
    }
    if (!r.getSpanId().isEmpty() && r.getSpanId().size() != 8) {
      return "spanId has " + r.getSpanId().size() + " bytes; a span id has 8 (or none)";
    }
    for (String[] field :
        new String[][] {
          {"service.name", e.service()},
          {"severityText", e.level()},
          {"body", e.body()},
          {"attributes", e.attributes()}
        }) {
      String problem = LogText.problem(field[0], field[1]);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static LogEntry entry(
      String service, Map<String, Object> resource, LogRecord r, Instant now) {
    long nanos = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
    Instant ts =
        nanos == 0
            ? now
            : Instant.ofEpochSecond(
                Long.divideUnsigned(nanos, 1_000_000_000L),
                Long.remainderUnsigned(nanos, 1_000_000_000L));
    int severity = r.getSeverityNumberValue();
    if (severity == 0) {
      severity = Levels.number(r.getSeverityText());
    }
    String level =
        severity > 0
            ? Levels.name(severity)
            : r.getSeverityText().isBlank()
                ? "UNSPECIFIED"
                : shortLevel(r.getSeverityText().strip().toUpperCase(java.util.Locale.ROOT));
    String body = r.hasBody() ? bodyText(r.getBody()) : "";
    Map<String, Object> attrs = new LinkedHashMap<>();
    for (KeyValue kv : r.getAttributesList()) {
      attrs.put(kv.getKey(), value(kv.getValue()));
    }
    if (!r.getEventName().isEmpty()) {
      attrs.put("event.name", r.getEventName());
    }
    attrs.putAll(resource);
    return new LogEntry(
        service,
        ts,
        severity,
        level,
        body,
        attrs.isEmpty() ? null : AttributesJson.write(attrs),
        hex(r.getTraceId()),
        hex(r.getSpanId()));
  }

  /** An unknown severity text is kept as the level, up to the length a level may have. */
  private static String shortLevel(String text) {
    if (text.length() <= LogText.MAX_LEVEL_CHARS) {
      return text;
    }
    int end = LogText.MAX_LEVEL_CHARS;
    return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
  }

  private static String bodyText(AnyValue v) {
    return v.hasStringValue() ? v.getStringValue() : Json.write(value(v));
  }

  private static String hex(ByteString id) {
    return id.isEmpty() ? null : HexFormat.of().formatHex(id.toByteArray());
  }

  static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE ->
          v.getArrayValue().getValuesList().stream().map(OtlpMapping::value).toList();
      case KVLIST_VALUE -> {
        Map<String, Object> m = new LinkedHashMap<>();
        v.getKvlistValue().getValuesList().forEach(kv -> m.put(kv.getKey(), value(kv.getValue())));
        yield m;
      }
      default -> null;
    };
  }
}
