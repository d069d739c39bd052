package dev.opsmcp.common.server;

import dev.opsmcp.common.tool.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Jetty's own errors (unknown path, body too large, bad HTTP) as small JSON, never a stack. */
final class JsonErrorHandler extends ErrorHandler {
  /** Every method gets a body saying what went wrong (Jetty's default: only GET, POST, HEAD). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String body =
        Json.write(
            Map.of(
                "error",
                "http_" + code,
                "message",
                code == 404 ? "No such endpoint" : JsonRpcErrors.messageFor(code)));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
