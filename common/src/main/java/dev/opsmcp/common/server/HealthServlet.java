package dev.opsmcp.common.server;

import dev.opsmcp.common.db.Database;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code GET /health}, no auth: 200 ok or degraded, 503 down when the database is unreachable. */
final class HealthServlet extends HttpServlet {
  private final String server;
  private final String version;
  private final Database db;
  private final List<HealthCheck> checks;

  HealthServlet(String server, String version, Database db, List<HealthCheck> checks) {
    this.server = server;
    this.version = version;
    this.db = db;
    this.checks = checks;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Map<String, Object> results = new LinkedHashMap<>();
    // An empty pool means no connection could be opened: down at once, not after a connection wait.
    boolean dbUp = !db.unreachable() && db.healthy();
    results.put("database", Map.of("status", dbUp ? "ok" : "down", "kind", db.kind().folder()));
    boolean degraded = false;
    for (HealthCheck check : checks) {
      HealthCheck.Result r = check.check();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", r.status().name().toLowerCase(Locale.ROOT));
      if (r.detail() != null) {
        entry.put("detail", r.detail());
      }
      results.put(check.name(), entry);
      degraded |= r.status() != HealthCheck.Status.OK;
    }
    String status = !dbUp ? "down" : degraded ? "degraded" : "ok";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("server", server);
    body.put("version", version);
    body.put("checks", results);
    res.setHeader("Cache-Control", "no-store");
    JsonRpcErrors.write(res, dbUp ? 200 : 503, body);
  }
}
