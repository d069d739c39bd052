package dev.opsmcp.loganalytics.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.opsmcp.common.tool.Json;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP/JSON to the protobuf request. protobuf's {@link JsonFormat} reads the OTLP JSON mapping
 * (camelCase or snake_case names, enums by name or number, 64-bit integers as strings) except one
 * deviation: OTLP encodes {@code traceId} and {@code spanId} as hex, not base64. Those are
 * rewritten to base64 first.
 */
final class OtlpJson {
  private static final Set<String> ID_FIELDS = Set.of("traceId", "trace_id", "spanId", "span_id");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpJson() {}

  static ExportLogsServiceRequest parse(byte[] body) throws MalformedBatch {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedBatch(
          "body is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new MalformedBatch("body must be an OTLP ExportLogsServiceRequest JSON object");
    }
    for (JsonNode resourceLogs : array(root, "resourceLogs", "resource_logs")) {
      for (JsonNode scopeLogs : array(resourceLogs, "scopeLogs", "scope_logs")) {
        for (JsonNode record : array(scopeLogs, "logRecords", "log_records")) {
          if (record instanceof ObjectNode obj) {
            hexIdsToBase64(obj);
          }
        }
      }
    }
    ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
    try {
      PARSER.merge(Json.MAPPER.writeValueAsString(root), builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new MalformedBatch("body is not an OTLP logs request: " + e.getMessage());
    }
    return builder.build();
  }

  private static Iterable<JsonNode> array(JsonNode parent, String camel, String snake) {
    JsonNode node = parent.get(camel);
    if (node == null) {
      node = parent.get(snake);
    }
    return node != null && node.isArray() ? node : java.util.List.of();
  }

  private static void hexIdsToBase64(ObjectNode record) throws MalformedBatch {
    for (String field : ID_FIELDS) {
      JsonNode id = record.get(field);
      if (id == null || !id.isString()) {
        continue;
      }
      String hex = id.asString();
      if (hex.isEmpty()) {
        continue;
      }
      if ((hex.length() != 32 && hex.length() != 16) || !isHex(hex)) {
        throw new MalformedBatch(
            field
                + " '"
                + (hex.length() > 40 ? hex.substring(0, 40) + "…" : hex)
                + "' is not hex: OTLP/JSON encodes trace ids as 32 and span ids as 16 hex digits");
      }
      record.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
