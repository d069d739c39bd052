package dev.opsmcp.common.server;

import dev.opsmcp.common.tool.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes small JSON error bodies: JSON-RPC errors on MCP paths, {@code {error, message}} elsewhere.
 */
final class JsonRpcErrors {
  private JsonRpcErrors() {}

  static String messageFor(int status) {
    return switch (status) {
      case 400 ->
          "Bad request: send one JSON-RPC 2.0 message as application/json, with"
              + " 'Accept: application/json, text/event-stream' and, after initialize, the"
              + " Mcp-Session-Id header";
      case 404 ->
          "Session not found: it expired or the server restarted. Send a new initialize request"
              + " without an Mcp-Session-Id header";
      case 405 -> "Method not allowed on this endpoint";
      case 406 -> "Not acceptable: send 'Accept: application/json, text/event-stream'";
      case 413 -> "Request body too large";
      case 415 -> "Unsupported media type: send Content-Type application/json";
      case 501 -> "Method not implemented here: use GET or POST (DELETE ends an MCP session)";
      case 503 -> "Server is shutting down; retry in a moment";
      case 505 -> "HTTP version not supported: use HTTP/1.1";
      case 500 -> "Internal error";
      default -> "Request rejected (HTTP " + status + ")";
    };
  }

  static int codeFor(int status) {
    return switch (status) {
      case 400, 406, 413, 415 -> -32600;
      case 404 -> -32001;
      default -> status >= 500 ? -32603 : -32000;
    };
  }

  static void writeJsonRpc(HttpServletResponse response, int status, String message)
      throws IOException {
    writeJsonRpc(response, status, null, codeFor(status), message);
  }

  /** A JSON-RPC error answering request {@code id} (null when unknown). */
  static void writeJsonRpc(
      HttpServletResponse response, int status, Object id, int code, String message)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jsonrpc", "2.0");
    body.put("id", id);
    body.put("error", error);
    write(response, status, body);
  }

  /**
   * The one error shape of every non-MCP error: {@code {"error": {"code", "message"}}}, a stable
   * machine code and a sentence that says what to send instead.
   */
  static void writePlain(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    write(response, status, Map.of("error", error));
  }

  /** The stable code of an HTTP error status in the one error shape. */
  static String errorCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 408 -> "request_timeout";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      case 431 -> "headers_too_large";
      case 501 -> "not_implemented";
      case 503 -> "unavailable";
      case 505 -> "http_version_not_supported";
      default -> status >= 500 ? "internal" : "http_" + status;
    };
  }

  static void write(HttpServletResponse response, int status, Object body) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(Json.write(body));
    response.getWriter().flush();
  }
}
