package dev.opsmcp.common.server;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The request body cap, in front of everything. A body whose declared length is over the cap by at
 * most {@link #DRAIN_BYTES} is read and thrown away before the 413 is sent: a client still sending
 * when the server closes the connection gets a reset in place of the answer (nginx's lingering
 * close does the same). Larger declared bodies get the 413 at once; bodies of unknown length are
 * cut while read by Jetty's {@link SizeLimitHandler}. A body declared within the cap goes straight
 * on: HTTP/1.1 framing ends it at its declared length, so counting its bytes again (and wrapping
 * every request and response to do so) would check nothing.
 */
final class BodyCap extends Handler.Wrapper {
  static final long DRAIN_BYTES = 16L * 1024 * 1024;

  private final long cap;
  private final Handler next;

  BodyCap(long cap, Handler next) {
    SizeLimitHandler limit = new SizeLimitHandler(cap, -1);
    limit.setHandler(next);
    setHandler(limit);
    this.cap = cap;
    this.next = next;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long declared = request.getLength();
    if (declared >= 0 && declared <= cap) {
      return next.handle(request, response, callback);
    }
    if (declared < 0 || declared - cap > DRAIN_BYTES) {
      return super.handle(request, response, callback);
    }
    String message = "request body is " + declared + " bytes; this server takes at most " + cap;
    Content.Source.consumeAll(
        request,
        Callback.from(
            () -> Response.writeError(request, response, callback, 413, message),
            callback::failed));
    return true;
  }
}
