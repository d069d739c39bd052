package dev.opsmcp.common.server;

import dev.opsmcp.common.telemetry.Telemetry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /metrics}: Prometheus text exposition of this server's own metrics. */
final class MetricsServlet extends HttpServlet {
  private final Telemetry telemetry;

  MetricsServlet(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setContentType("text/plain; version=0.0.4; charset=utf-8");
    res.getWriter().write(telemetry.scrape());
  }
}
