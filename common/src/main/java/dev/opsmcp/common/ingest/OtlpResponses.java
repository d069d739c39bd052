package dev.opsmcp.common.ingest;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * OTLP/HTTP answers in the request's encoding: an export response (with partial success) on 200, a
 * {@code google.rpc.Status} on errors, as the OTLP specification asks. Stateless.
 */
public final class OtlpResponses {
  public static final String PROTOBUF = "application/x-protobuf";
  public static final String JSON = "application/json";

  private OtlpResponses() {}

  /** 200 with {@code message} as protobuf or OTLP/JSON. */
  public static void ok(HttpServletResponse res, boolean protobuf, Message message)
      throws IOException {
    res.setStatus(200);
    if (protobuf) {
      res.setContentType(PROTOBUF);
      message.writeTo(res.getOutputStream());
    } else {
      res.setContentType(JSON);
      res.getOutputStream()
          .write(JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** An error as a {@code google.rpc.Status} (code 1, message 2). */
  public static void status(HttpServletResponse res, int http, boolean protobuf, String message)
      throws IOException {
    int grpcCode =
        switch (http) {
          case 400, 413, 415 -> 3;
          case 401 -> 16;
          case 503 -> 14;
          default -> 7;
        };
    if (http == 503) {
      res.setHeader("Retry-After", IngestSlots.RETRY_AFTER_SECONDS);
    }
    if (!protobuf) {
      IngestRequest.json(res, http, Map.of("code", grpcCode, "message", message));
      return;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    out.writeInt32(1, grpcCode);
    out.writeString(2, message);
    out.flush();
    res.setStatus(http);
    res.setContentType(PROTOBUF);
    res.getOutputStream().write(buf.toByteArray());
  }
}
