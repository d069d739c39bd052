package dev.opsmcp.loganalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.logs.v1.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
  static LogRecord first(String traceId, String spanId) throws MalformedBatch {
    String json =
        """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},
         "scopeLogs":[{"logRecords":[{"timeUnixNano":"1700000000000000001","severityNumber":"SEVERITY_NUMBER_ERROR",
           "body":{"stringValue":"m"},"traceId":"%s","spanId":"%s","unknownField":1}]}]}]}
        """
            .formatted(traceId, spanId);
    return OtlpJson.parse(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
        .getResourceLogs(0)
        .getScopeLogs(0)
        .getLogRecords(0);
  }

  static String hex(com.google.protobuf.ByteString b) {
    return HexFormat.of().formatHex(b.toByteArray());
  }

  @Test
  void hexIds_decodedAsHex_notBase64() throws Exception {
    LogRecord r = first("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174");
    assertThat(hex(r.getTraceId())).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(hex(r.getSpanId())).isEqualTo("eee19b7ec3c1b174");
    assertThat(r.getSeverityNumberValue()).isEqualTo(17);
    assertThat(r.getTimeUnixNano()).isEqualTo(1_700_000_000_000_000_001L);
  }

  @Test
  void upperCaseHex_andAllDigitIds_roundTrip() throws Exception {
    LogRecord r = first("0AF7651916CD43DD8448EB211C80319C", "0000000000000001");
    assertThat(hex(r.getTraceId())).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(hex(r.getSpanId())).isEqualTo("0000000000000001");
  }

  @Test
  void base64Ids_fromProto3JsonEncoders_kept() throws Exception {
    LogRecord r = first("W47/95gDgQPSabYzgT/GDA==", "7uGbfsPBsXQ=");
    assertThat(hex(r.getTraceId())).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(hex(r.getSpanId())).isEqualTo("eee19b7ec3c1b174");
  }

  @Test
  void emptyIds_stayEmpty_andBadIdsRefused() throws Exception {
    assertThat(first("", "").getTraceId().isEmpty()).isTrue();
    assertThatThrownBy(() -> first("abcd", "")).isInstanceOf(MalformedBatch.class);
    assertThatThrownBy(() -> first("zz8efff798038103d269b633813fc60c", ""))
        .isInstanceOf(MalformedBatch.class)
        .hasMessageContaining("hex");
  }

  @Test
  void mapping_levelFromNumber_serviceFromResource() throws Exception {
    String json =
        """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
         "scopeLogs":[{"logRecords":[{"severityText":"warning","body":{"kvlistValue":{"values":[
           {"key":"k","value":{"intValue":"3"}}]}}}]}]}]}
        """;
    var result =
        OtlpMapping.map(
            OtlpJson.parse(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))),
            Instant.parse("2025-01-01T00:00:00Z"));
    LogEntry e = result.entries().get(0);
    assertThat(e.service()).isEqualTo("api");
    assertThat(e.level()).isEqualTo("WARN");
    assertThat(e.severityNumber()).isEqualTo(13);
    assertThat(e.body()).isEqualTo("{\"k\":3}");
    assertThat(e.ts()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }
}
