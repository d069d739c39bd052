package dev.opsmcp.common.server;

import dev.opsmcp.common.telemetry.Telemetry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Counts requests by route (first path segment) and status, with their latency. */
final class RequestMetricsFilter extends HttpFilter {
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
      telemetry.request(route(req.getRequestURI()), res.getStatus(), System.nanoTime() - start);
    }
  }

  /** Bounded cardinality: only the first path segment. */
  static String route(String uri) {
    if (uri == null || uri.length() <= 1) {
      return "/";
    }
    int next = uri.indexOf('/', 1);
    return next < 0 ? uri : uri.substring(0, next);
  }
}
