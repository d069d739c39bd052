package dev.opsmcp.messaging.api;

import dev.opsmcp.common.tool.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON bodies and errors of the REST API: {@code {"error": {"code", "message", …}}}. */
final class ApiResponses {
  private ApiResponses() {}

  static void json(HttpServletResponse res, int status, Object body) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.getWriter().write(Json.write(body));
  }

  static void error(HttpServletResponse res, int status, String code, String message)
      throws IOException {
    error(res, status, code, message, Map.of());
  }

  static void error(
      HttpServletResponse res, int status, String code, String message, Map<String, Object> extra)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.putAll(extra);
    json(res, status, Map.of("error", error));
  }
}
