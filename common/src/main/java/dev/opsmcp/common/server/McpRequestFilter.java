package dev.opsmcp.common.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * In front of the SDK's MCP transports, after authentication. POST: the body is read whole and the
 * SDK gets only one well-formed JSON-RPC message ({@link IncomingMessage}); anything else gets a
 * JSON-RPC error saying what to send, where the SDK would answer 500 or nothing at all, and the
 * answer goes out with its headers in one write. GET goes straight to the SDK, which (since 2.2)
 * sends the event stream's headers as soon as it opens it. HEAD is refused at once (the SDK would
 * open a stream nobody reads, taking over the session's).
 */
final class McpRequestFilter extends HttpFilter {
  /** Request attribute holding the id of a response the client sent (for CleanErrorFilter). */
  static final String CLIENT_RESPONSE = "opsmcp.mcp.clientResponse";

  private static final int PRESIZED_BYTES = 64 * 1024;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    switch (req.getMethod()) {
      case "HEAD" -> {
        res.setHeader("Allow", allowed(req.getServletPath()));
        JsonRpcErrors.writeJsonRpc(
            res,
            405,
            "HEAD is not supported on MCP endpoints: GET opens the event stream, POST sends a"
                + " message");
      }
      case "POST" -> post(req, res, chain);
      default -> chain.doFilter(req, res);
    }
  }

  private static String allowed(String path) {
    return switch (path) {
      case "/sse" -> "GET";
      case "/message" -> "POST";
      default -> "GET, POST, DELETE";
    };
  }

  private static void post(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String type = req.getHeader("Content-Type");
    if (type == null || !mediaType(type).equals("application/json")) {
      JsonRpcErrors.writeJsonRpc(
          res,
          415,
          "Unsupported media type: send the JSON-RPC message with Content-Type: application/json");
      return;
    }
    byte[] body = body(req);
    IncomingMessage message;
    try {
      message = IncomingMessage.read(body);
    } catch (IncomingMessage.Refused r) {
      // On /mcp a request is answered like any other: a JSON-RPC error as application/json.
      boolean answerable =
          r.id != null
              && req.getServletPath().equals("/mcp")
              && (r.code == IncomingMessage.INVALID_PARAMS
                  || r.code == IncomingMessage.METHOD_NOT_FOUND);
      JsonRpcErrors.writeJsonRpc(res, answerable ? 200 : 400, r.id, r.code, r.getMessage());
      return;
    }
    if (message.kind() == IncomingMessage.Kind.RESPONSE) {
      req.setAttribute(CLIENT_RESPONSE, message.id());
    }
    chain.doFilter(new Checked(req, body), new OneWrite(res));
  }

  /**
   * The whole body: a small one straight into an array of its declared length; a larger one grows
   * as it arrives, so a length declared but not sent holds no memory.
   */
  private static byte[] body(HttpServletRequest req) throws IOException {
    long declared = req.getContentLengthLong();
    ServletInputStream in = req.getInputStream();
    return declared >= 0 && declared <= PRESIZED_BYTES
        ? in.readNBytes((int) declared)
        : in.readAllBytes();
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * A POST's answer as the SDK writes it, less the SDK's early {@code flushBuffer()}: SDK 2.2 sends
   * an answer stream's headers on their own before the answer, one more write per call. Without it
   * the headers go out with the first event (the answer, or progress from a tool that waits); every
   * event is still flushed through the writer.
   */
  private static final class OneWrite extends HttpServletResponseWrapper {
    OneWrite(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void flushBuffer() {}
  }

  /** The request as the SDK reads it: the checked body as UTF-8 JSON. */
  private static final class Checked extends HttpServletRequestWrapper {
    private final byte[] body;

    Checked(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() throws IOException {
      return new BufferedReader(
          new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public String getCharacterEncoding() {
      return "UTF-8";
    }

    @Override
    public String getContentType() {
      return "application/json; charset=UTF-8";
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
