package dev.opsmcp.common.server;

import dev.opsmcp.common.tool.Echo;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses at once (415) a request whose Content-Type names a charset this JVM does not know: Jetty
 * throws on it deep inside a servlet, which would answer 500. Bodies here are JSON (UTF-8) or
 * protobuf.
 */
final class ContentTypeFilter extends HttpFilter {
  private static final Set<String> MCP_PATHS = Set.of("/mcp", "/sse", "/message");

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String charset = charset(req.getHeader("Content-Type"));
    if (charset == null || known(charset)) {
      chain.doFilter(req, res);
      return;
    }
    String message =
        "Content-Type names a charset this server does not know, "
            + Echo.of(charset)
            + ": send JSON in UTF-8 (Content-Type: application/json)";
    if (MCP_PATHS.contains(req.getServletPath())) {
      JsonRpcErrors.writeJsonRpc(res, 415, message);
    } else {
      JsonRpcErrors.writePlain(res, 415, "unsupported_media_type", message);
    }
  }

  /** The charset parameter of a Content-Type header, without quotes; null if none. */
  static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String part : contentType.split(";")) {
      String p = part.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        String value = p.substring("charset=".length()).strip();
        return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1)
            : value;
      }
    }
    return null;
  }

  private static boolean known(String charset) {
    try {
      return Charset.isSupported(charset);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }
}
