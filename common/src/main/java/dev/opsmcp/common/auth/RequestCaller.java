package dev.opsmcp.common.auth;

import dev.opsmcp.common.tool.ToolFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The authenticated caller of an HTTP request, as the auth filter left it: the one way servlets and
 * routes find out who calls.
 */
public final class RequestCaller {
  /** The request attribute (and MCP transport-context key) holding the {@link Caller}. */
  public static final String ATTRIBUTE = "opsmcp.caller";

  private RequestCaller() {}

  public static Optional<Caller> find(HttpServletRequest req) {
    return req.getAttribute(ATTRIBUTE) instanceof Caller c ? Optional.of(c) : Optional.empty();
  }

  /** The caller, or an {@code unauthorized} failure on a path the auth filter does not guard. */
  public static Caller require(HttpServletRequest req) throws ToolFailure {
    return find(req)
        .orElseThrow(
            () ->
                new ToolFailure(
                    ToolFailure.Kind.UNAUTHORIZED,
                    "no credential: send 'Authorization: Bearer <key or JWT>'"));
  }
}
