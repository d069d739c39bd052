package dev.opsmcp.common.rest;

import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error shape of every REST answer: {@code {"error": {"code", "message", …details}}} with a
 * stable lower-case {@code code} and a message that says what to send instead. A 503 ({@code
 * unavailable}) also says when to retry ({@code Retry-After}), which senders such as Alertmanager
 * honour where they would drop a 4xx.
 */
public final class ErrorBody {
  /** The {@code Retry-After} of a 503: the seconds a caller is asked to wait. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private ErrorBody() {}

  public static void write(HttpServletResponse res, ToolFailure failure) throws IOException {
    if (failure.kind() == ToolFailure.Kind.UNAVAILABLE) {
      res.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    write(
        res,
        failure.kind().httpStatus(),
        failure.kind().code(),
        failure.getMessage(),
        failure.details());
  }

  public static void write(
      HttpServletResponse res, int status, String code, String message, Map<String, Object> details)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    details.forEach(error::putIfAbsent);
    JsonBody.write(res, status, Map.of("error", error));
  }

  /** The body, for writers that are not servlets (Jetty's error handler). */
  public static String json(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return Json.write(Map.of("error", error));
  }
}
