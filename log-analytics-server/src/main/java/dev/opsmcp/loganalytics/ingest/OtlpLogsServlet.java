package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.ingest.IngestRefused;
import dev.opsmcp.common.ingest.IngestSlots;
import dev.opsmcp.common.ingest.OtlpResponses;
import dev.opsmcp.common.ingest.ParserMessage;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Locale;

/**
 * OTLP/HTTP {@code POST /v1/logs}, binary protobuf or JSON, as any OpenTelemetry SDK or Collector
 * sends it. Answers in the request's encoding; records it cannot take are reported as OTLP partial
 * success, errors as a {@code google.rpc.Status}.
 */
public final class OtlpLogsServlet extends HttpServlet {
  private final transient LogIngest ingest;

  public OtlpLogsServlet(LogIngest ingest) {
    this.ingest = ingest;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    // The raw header: getContentType() throws on a charset the JVM does not know.
    String header = req.getHeader("Content-Type");
    String type = header == null ? "" : header.toLowerCase(Locale.ROOT);
    boolean protobuf = type.startsWith(OtlpResponses.PROTOBUF);
    try {
      String tenant = LogIngest.tenant(req);
      if (!protobuf && !type.startsWith(OtlpResponses.JSON)) {
        throw new IngestRefused(
            415, "Content-Type must be application/x-protobuf or application/json");
      }
      OtlpMapping.Result result;
      try (IngestSlots.Slot slot = ingest.slot()) {
        IngestBody body = ingest.open(req);
        try {
          ExportLogsServiceRequest request = protobuf ? parseProtobuf(body) : OtlpJson.parse(body);
          result = OtlpMapping.map(request, Instant.now());
        } catch (MalformedBatch e) {
          throw LogIngest.refusal(body, e);
        }
        ingest.store(tenant, result.entries());
      }
      ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
      if (result.rejected() > 0) {
        response.setPartialSuccess(
            ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(result.rejected())
                .setErrorMessage(result.message()));
      }
      OtlpResponses.ok(res, protobuf, response.build());
    } catch (IngestRefused e) {
      OtlpResponses.status(res, e.status(), protobuf, e.getMessage());
    }
  }

  private static ExportLogsServiceRequest parseProtobuf(InputStream body) throws MalformedBatch {
    try {
      return ExportLogsServiceRequest.parseFrom(body);
    } catch (IOException e) {
      throw new MalformedBatch(
          "body is not a protobuf ExportLogsServiceRequest: " + ParserMessage.of(e));
    }
  }
}
