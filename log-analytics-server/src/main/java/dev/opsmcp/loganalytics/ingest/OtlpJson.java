package dev.opsmcp.loganalytics.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.opsmcp.common.ingest.ParserMessage;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * OTLP/JSON to the protobuf request. protobuf's {@link JsonFormat} reads the OTLP JSON mapping
 * (camelCase or snake_case names, enums by name or number, 64-bit integers as strings) except one
 * deviation: OTLP encodes {@code traceId} and {@code spanId} as hex, where proto3 JSON has base64.
 * Hex digits are all base64 characters, so {@code JsonFormat} decodes a 32-digit hex trace id
 * losslessly into 24 bytes (16 digits into 12 for a span id); those are re-encoded to recover the
 * hex text and decoded as hex. Ids already in base64 (16 and 8 bytes) are kept. One parse, no
 * rewriting of the body.
 */
final class OtlpJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpJson() {}

  static ExportLogsServiceRequest parse(InputStream body) throws MalformedBatch {
    ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
    try {
      PARSER.merge(new InputStreamReader(body, StandardCharsets.UTF_8), builder);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new MalformedBatch(
          "body is not valid OTLP/JSON: "
              + ParserMessage.of(e)
              + " (send an ExportLogsServiceRequest object; trace and span ids are hex strings,"
              + " 64-bit numbers may be strings)");
    }
    for (ResourceLogs.Builder rl : builder.getResourceLogsBuilderList()) {
      for (ScopeLogs.Builder sl : rl.getScopeLogsBuilderList()) {
        for (LogRecord.Builder r : sl.getLogRecordsBuilderList()) {
          r.setTraceId(id(r.getTraceId(), 16, "traceId"));
          r.setSpanId(id(r.getSpanId(), 8, "spanId"));
        }
      }
    }
    return builder.build();
  }

  /** The id of {@code size} bytes that OTLP/JSON's hex text decoded-as-base64 stands for. */
  static ByteString id(ByteString decoded, int size, String field) throws MalformedBatch {
    if (decoded.isEmpty() || decoded.size() == size) {
      return decoded;
    }
    if (decoded.size() == size * 3 / 2) {
      String text = Base64.getEncoder().encodeToString(decoded.toByteArray());
      try {
        return ByteString.copyFrom(HexFormat.of().parseHex(text));
      } catch (IllegalArgumentException notHex) {
        // falls through to the error below
      }
    }
    throw new MalformedBatch(
        field + " is not hex: OTLP/JSON encodes a trace id as 32 and a span id as 16 hex digits");
  }
}
