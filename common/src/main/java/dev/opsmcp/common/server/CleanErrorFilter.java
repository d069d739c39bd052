package dev.opsmcp.common.server;

import dev.opsmcp.common.tool.Echo;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The SDK's servlet transports answer 400/404/500 with serialized Java exceptions (stack traces
 * included). On the MCP paths this filter replaces every error body with a clean JSON-RPC error.
 */
final class CleanErrorFilter extends HttpFilter {
  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(req, new Wrapper(req, res));
  }

  private static final class Wrapper extends HttpServletResponseWrapper {
    private final HttpServletRequest request;
    private boolean replaced;

    Wrapper(HttpServletRequest request, HttpServletResponse response) {
      super(response);
      this.request = request;
    }

    @Override
    public void sendError(int sc) throws IOException {
      replace(sc, JsonRpcErrors.messageFor(sc));
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      // Only the transport-security messages (Origin/Host rejected) are worth passing on.
      boolean safe = msg != null && sc == 403 && msg.length() < 200 && !msg.contains("Exception");
      replace(sc, safe ? msg : JsonRpcErrors.messageFor(sc));
    }

    @Override
    public void setStatus(int sc) {
      if (sc >= 400) {
        try {
          replace(sc, JsonRpcErrors.messageFor(sc));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      } else {
        super.setStatus(sc);
      }
    }

    private void replace(int sc, String message) throws IOException {
      if (replaced || isCommitted()) {
        return;
      }
      replaced = true;
      HttpServletResponse inner = (HttpServletResponse) getResponse();
      inner.resetBuffer();
      Object answered = request.getAttribute(McpRequestFilter.CLIENT_RESPONSE);
      if (sc >= 500 && answered != null) {
        // The SDK fails on a response to a request it never sent (or no longer waits for).
        JsonRpcErrors.writeJsonRpc(
            inner,
            400,
            "No request of this server with id "
                + Echo.of(answered)
                + " is waiting for a response: send responses only to requests the server sent");
        return;
      }
      JsonRpcErrors.writeJsonRpc(inner, sc, message);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      return replaced ? new PrintWriter(OutputStream.nullOutputStream()) : super.getWriter();
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() throws IOException {
      if (replaced) {
        throw new IllegalStateException("error body already written");
      }
      return super.getOutputStream();
    }

    @Override
    public void setContentType(String type) {
      if (!replaced) {
        super.setContentType(type);
      }
    }
  }
}
