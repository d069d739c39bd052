package dev.opsmcp.loganalytics.ingest;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.util.JsonFormat;
import dev.opsmcp.common.ingest.ParserMessage;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * OTLP/HTTP {@code POST /v1/logs}, binary protobuf or JSON, as any OpenTelemetry SDK or Collector
 * sends it. Answers in the request's encoding; records it cannot take are reported as OTLP partial
 * success, errors as a {@code google.rpc.Status}.
 */
public final class OtlpLogsServlet extends HttpServlet {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final transient LogIngest ingest;

  public OtlpLogsServlet(LogIngest ingest) {
    this.ingest = ingest;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    // The raw header: getContentType() throws on a charset the JVM does not know.
    String header = req.getHeader("Content-Type");
    String type = header == null ? "" : header.toLowerCase(Locale.ROOT);
    boolean protobuf = type.startsWith(PROTOBUF);
    try {
      String tenant = LogIngest.tenant(req);
      if (!protobuf && !type.startsWith(JSON)) {
        throw new LogIngest.Refused(
            415, "Content-Type must be application/x-protobuf or application/json");
      }
      OtlpMapping.Result result;
      try (LogIngest.Slot slot = ingest.slot()) {
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
      answer(res, 200, protobuf, response.build());
    } catch (LogIngest.Refused e) {
      status(res, e.status, protobuf, e.getMessage());
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

  private static void answer(
      HttpServletResponse res, int status, boolean protobuf, ExportLogsServiceResponse message)
      throws IOException {
    res.setStatus(status);
    if (protobuf) {
      res.setContentType(PROTOBUF);
      message.writeTo(res.getOutputStream());
    } else {
      res.setContentType(JSON);
      res.getOutputStream()
          .write(JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A {@code google.rpc.Status} (code 1, message 2), which the OTLP spec asks for on errors. */
  private static void status(HttpServletResponse res, int http, boolean protobuf, String message)
      throws IOException {
    int grpcCode = http == 400 || http == 413 || http == 415 ? 3 : http == 503 ? 14 : 7;
    if (http == 401) {
      grpcCode = 16;
    }
    res.setStatus(http);
    if (http == 503) {
      res.setHeader("Retry-After", LogIngest.RETRY_AFTER_SECONDS);
    }
    if (protobuf) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(buf);
      out.writeInt32(1, grpcCode);
      out.writeString(2, message);
      out.flush();
      res.setContentType(PROTOBUF);
      res.getOutputStream().write(buf.toByteArray());
    } else {
      LogIngest.json(res, http, java.util.Map.of("code", grpcCode, "message", message));
    }
  }
}
