package dev.opsmcp.common.rest;

import dev.opsmcp.common.tool.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a value as a JSON response (a {@link TextBody} as its own type) that is never cached. */
final class JsonBody {
  private JsonBody() {}

  static void write(HttpServletResponse res, int status, Object body) throws IOException {
    res.setStatus(status);
    res.setHeader("Cache-Control", "no-store");
    if (body == null) {
      return;
    }
    byte[] bytes =
        body instanceof TextBody t
            ? t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : Json.MAPPER.writeValueAsBytes(body);
    res.setContentType(body instanceof TextBody t ? t.mediaType() : "application/json");
    res.setCharacterEncoding("UTF-8");
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
  }
}
