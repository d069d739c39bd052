package dev.opsmcp.common.server;

import dev.opsmcp.common.rest.ErrorBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (unknown path, body too large, bad HTTP) in the one error shape {@code
 * {"error": {"code", "message"}}}, never a stack.
 */
final class JsonErrorHandler extends ErrorHandler {
  /** Every method gets a body saying what went wrong (Jetty's default: only GET, POST, HEAD). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  /**
   * What went wrong, for Jetty's own errors (a request it could not parse, a path with no servlet):
   * Jetty's reason when it is a short plain sentence, else the status's usual text.
   */
  static String describe(int code, String jettyReason) {
    return switch (code) {
      case 400, 431 -> {
        boolean plain =
            jettyReason != null
                && jettyReason.length() <= 100
                && jettyReason.chars().allMatch(c -> c == ' ' || Character.isLetterOrDigit(c));
        yield (code == 431 ? "Request header fields too large" : "Bad request")
            + (plain && !jettyReason.equalsIgnoreCase("Bad Request") ? ": " + jettyReason : "")
            + "; send a well-formed HTTP/1.1 request";
      }
      case 404 -> "No such endpoint";
      default -> JsonRpcErrors.messageFor(code);
    };
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String body = ErrorBody.json(JsonRpcErrors.errorCode(code), describe(code, message));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
