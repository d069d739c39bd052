package dev.opsmcp.messaging.dashboard;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web dashboard's static files, served from the classpath with no build step. The page signs in
 * with an API key held in the browser's session storage; every call it makes goes to the
 * authenticated {@code /api/v1}.
 */
public final class DashboardServlet extends HttpServlet {
  private static final Map<String, String> FILES =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/app.js", "app.js",
          "/style.css", "style.css");
  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String file = FILES.get(req.getRequestURI());
    if (file == null) {
      res.setStatus(404);
      res.setContentType("application/json");
      res.getWriter().write("{\"error\":\"http_404\",\"message\":\"No such endpoint\"}");
      return;
    }
    try (InputStream in =
        DashboardServlet.class.getResourceAsStream("/messaging/dashboard/" + file)) {
      res.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
      res.setHeader("Cache-Control", "no-cache");
      res.setHeader(
          "Content-Security-Policy",
          "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
      res.setHeader("X-Content-Type-Options", "nosniff");
      in.transferTo(res.getOutputStream());
    }
  }
}
