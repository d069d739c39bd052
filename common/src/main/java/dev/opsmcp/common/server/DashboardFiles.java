package dev.opsmcp.common.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A dashboard's static files from the classpath, no build step: a fixed map of request paths to
 * files, each sent with a strict Content-Security-Policy (scripts and connections to this origin
 * only, no framing) and {@code nosniff}. The page signs in with an API key it keeps in session
 * storage and calls the authenticated {@code /api/v1}; the files themselves hold no data.
 */
public final class DashboardFiles extends HttpServlet {
  static final String CSP =
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8");

  private final String resourceDir;
  private final transient Map<String, String> files;

  /** {@code files} maps request URIs (e.g. {@code /incidents/app.js}) to names in the dir. */
  public DashboardFiles(String resourceDir, Map<String, String> files) {
    this.resourceDir = resourceDir.endsWith("/") ? resourceDir : resourceDir + "/";
    this.files = Map.copyOf(files);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String file = files.get(req.getRequestURI());
    InputStream in =
        file == null ? null : DashboardFiles.class.getResourceAsStream(resourceDir + file);
    if (in == null) {
      res.setStatus(404);
      res.setContentType("application/json");
      res.getWriter()
          .write(
              dev.opsmcp.common.rest.ErrorBody.json(
                  "not_found", "no such page; the dashboard is at " + files.keySet()));
      return;
    }
    try (in) {
      res.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
      res.setHeader("Cache-Control", "no-cache");
      res.setHeader("Content-Security-Policy", CSP);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Referrer-Policy", "no-referrer");
      in.transferTo(res.getOutputStream());
    }
  }
}
