package dev.opsmcp.common.server;

import dev.opsmcp.common.tool.Echo;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding defence: a browser request whose {@code Origin} is neither loopback, this server's
 * own public origin, nor listed in {@code OPSMCP_ALLOWED_ORIGINS} gets 403. Requests without an
 * Origin (agents, curl) pass.
 */
final class OriginFilter extends HttpFilter {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final List<String> allowed;

  OriginFilter(List<String> allowed) {
    this.allowed = allowed.stream().map(OriginFilter::normalise).toList();
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String origin = req.getHeader("Origin");
    if (origin == null || permitted(origin)) {
      chain.doFilter(req, res);
      return;
    }
    JsonRpcErrors.writePlain(
        res,
        403,
        "forbidden_origin",
        "Origin "
            + Echo.shortened(origin)
            + " is not allowed; an operator can add it to OPSMCP_ALLOWED_ORIGINS");
  }

  boolean permitted(String origin) {
    if (allowed.contains("*") || allowed.contains(normalise(origin))) {
      return true;
    }
    try {
      String host = URI.create(origin).getHost();
      return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String normalise(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
