package dev.opsmcp.common.rest;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.RequestCaller;
import dev.opsmcp.common.tool.InputReader;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.StorableText;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.TypeWords;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link RouteTable}: finds the route, checks its scopes, reads its input record, calls
 * the handler and writes the answer as JSON. Every refusal has the one error shape; an unexpected
 * failure is logged with a reference and answered {@code 500 internal} without internals.
 */
public final class RestServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(RestServlet.class);

  private final transient RouteTable table;

  public RestServlet(RouteTable table) {
    this.table = table;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String path = routePath(req);
    try {
      Object answer = dispatch(req, path, res);
      if (answer instanceof RestResponse r) {
        r.headers().forEach(res::setHeader);
        JsonBody.write(res, r.status(), r.body());
      } else {
        JsonBody.write(res, answer == null ? 204 : 200, answer);
      }
    } catch (ToolFailure f) {
      ErrorBody.write(res, f);
    } catch (RuntimeException | IOException e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("{} {}{} failed (ref {})", req.getMethod(), table.basePath(), path, ref, e);
      if (!res.isCommitted()) {
        res.reset();
        ErrorBody.write(res, 500, "internal", "internal error (reference " + ref + ")", Map.of());
      }
    }
  }

  /**
   * The path below the table's base path, whether the table's own mapping ({@code /api/v1/*}) or a
   * more specific one under it (an intake path such as {@code /api/v1/alerts/*}) served it.
   */
  private String routePath(HttpServletRequest req) {
    String full = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    String below =
        full.startsWith(table.basePath()) ? full.substring(table.basePath().length()) : full;
    return below.isEmpty() ? "/" : below;
  }

  private Object dispatch(HttpServletRequest req, String path, HttpServletResponse res)
      throws ToolFailure, IOException {
    Caller caller = RequestCaller.require(req);
    Set<String> allowed = new TreeSet<>();
    var match = table.match(req.getMethod(), path, allowed);
    if (match.isEmpty()) {
      if (!allowed.isEmpty()) {
        res.setHeader("Allow", String.join(", ", allowed));
        throw new ToolFailure(
            ToolFailure.Kind.METHOD_NOT_ALLOWED,
            req.getMethod()
                + " is not supported on "
                + TypeWords.clip(path)
                + "; use "
                + String.join(" or ", allowed));
      }
      throw new ToolFailure(
          ToolFailure.Kind.NOT_FOUND,
          "no endpoint " + TypeWords.clip(path) + "; see " + table.basePath() + "/openapi.json");
    }
    Route<?> route = match.get().route();
    caller.requireAny(route.scopes());
    return call(route, new RestCall(caller, match.get().variables(), req), req);
  }

  private static <I extends Record> Object call(
      Route<I> route, RestCall call, HttpServletRequest req) throws ToolFailure, IOException {
    if (route.input() == Route.OwnBody.class) {
      return route.handler().handle(call, null);
    }
    I input =
        route.readsQuery()
            ? QueryInput.read(req.getParameterMap(), route.input())
            : InputReader.fromJson(body(req), route.input());
    String unstorable =
        StorableText.refusal(
            Json.MAPPER.convertValue(input, Object.class),
            route.readsQuery() ? "query parameter" : "field");
    if (unstorable != null) {
      throw new ToolFailure(unstorable);
    }
    return route.handler().handle(call, input);
  }

  /**
   * The request body; over the server's size cap (a chunked body is cut while read), a 413. A body
   * that cannot be read (the client hung up before sending all it announced, a broken chunk) is the
   * client's fault: a 400, logged at debug, never an error with a stack trace.
   */
  static byte[] body(HttpServletRequest req) throws ToolFailure {
    try {
      return req.getInputStream().readAllBytes();
    } catch (IOException | RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof HttpException h && h.getCode() == 413) {
          throw new ToolFailure(
              ToolFailure.Kind.PAYLOAD_TOO_LARGE,
              "the body is larger than this server accepts (OPSMCP_MAX_REQUEST_BYTES); send less");
        }
      }
      LOG.debug("{} {}: request body unreadable", req.getMethod(), req.getRequestURI(), e);
      throw new ToolFailure(
          "the request body ended before its declared length or was malformed; send the whole"
              + " body with a matching Content-Length (or valid chunked encoding)");
    }
  }
}
