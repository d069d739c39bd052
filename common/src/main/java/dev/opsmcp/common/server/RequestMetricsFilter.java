package dev.opsmcp.common.server;

import dev.opsmcp.common.telemetry.Telemetry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;

/**
 * Counts requests by route and status, with their latency. The route is the first segment of the
 * servlet mapping that took the request ({@code /mcp}, {@code /api}, …), never of the request's own
 * path, so the labels are bounded by the server's routes: a path no servlet claims is {@code
 * other}.
 */
final class RequestMetricsFilter extends HttpFilter {
  static final String OTHER = "other";

  private final Telemetry telemetry;

  RequestMetricsFilter(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    try {
      chain.doFilter(req, res);
    } finally {
      telemetry.request(route(req), res.getStatus(), System.nanoTime() - start);
    }
  }

  static String route(HttpServletRequest req) {
    HttpServletMapping mapping = req.getHttpServletMapping();
    if (mapping == null || mapping.getMappingMatch() == null) {
      return OTHER;
    }
    // "/" is the catch-all (a dashboard, or Jetty's 404): only the root itself is a route there.
    if (mapping.getMappingMatch() == MappingMatch.DEFAULT
        || mapping.getMappingMatch() == MappingMatch.CONTEXT_ROOT) {
      return "/".equals(req.getRequestURI()) ? "/" : OTHER;
    }
    return firstSegment(mapping.getPattern());
  }

  /** {@code /api/v1/*} → {@code /api}; {@code /health} → {@code /health}. */
  static String firstSegment(String pattern) {
    if (pattern == null || pattern.length() <= 1 || pattern.charAt(0) != '/') {
      return OTHER;
    }
    int next = pattern.indexOf('/', 1);
    return next < 0 ? pattern : pattern.substring(0, next);
  }
}
