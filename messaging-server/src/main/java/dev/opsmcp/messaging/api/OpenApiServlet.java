package dev.opsmcp.messaging.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: the REST API described in OpenAPI 3.1. */
public final class OpenApiServlet extends HttpServlet {
  private final byte[] document;

  public OpenApiServlet() {
    try (InputStream in = OpenApiServlet.class.getResourceAsStream("/messaging/openapi.json")) {
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setContentType("application/json");
    res.getOutputStream().write(document);
  }
}
