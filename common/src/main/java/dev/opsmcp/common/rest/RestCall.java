package dev.opsmcp.common.rest;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.TypeWords;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * What a route handler knows besides its input: who calls, and the path variables. It is also a
 * {@link ToolContext} (without a progress channel), so a route that is the REST twin of a tool
 * passes it straight to the tool.
 */
public final class RestCall implements ToolContext {
  /** Request attribute under which the authentication filter leaves the {@link Grant}. */
  private static final String GRANT = "opsmcp.grant";

  private final Caller caller;
  private final Map<String, String> pathVariables;
  private final HttpServletRequest request;

  RestCall(Caller caller, Map<String, String> pathVariables, HttpServletRequest request) {
    this.caller = caller;
    this.pathVariables = Map.copyOf(pathVariables);
    this.request = request;
  }

  @Override
  public Caller caller() {
    return caller;
  }

  /** The grant the authentication filter opened for this request (ends on revocation). */
  @Override
  public Grant grant() {
    if (!(request.getAttribute(GRANT) instanceof Grant grant)) {
      throw new IllegalStateException("route called without the authentication filter");
    }
    return grant;
  }

  /** REST answers once: there is no stream to report progress on. */
  @Override
  public void progress(double progress, Double total, String message) {}

  /** The value of {@code {name}} in the route's path. */
  public String path(String name) {
    String value = pathVariables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route's path has no {" + name + "}");
    }
    return value;
  }

  /** {@code {name}} as a whole number, or a refusal that says so. */
  public long pathLong(String name) throws ToolFailure {
    String value = path(name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ToolFailure(
          ToolFailure.Kind.NOT_FOUND, "no such " + name + " '" + TypeWords.clip(value) + "'");
    }
  }

  /** A query parameter, or null (a route whose input is its body may still take a flag). */
  public String query(String name) {
    return request.getParameter(name);
  }

  /**
   * The JSON body as maps, lists and scalars, for a route that reads its body itself ({@link
   * Route.OwnBody}): not JSON, or nested too deeply, is a 400 that says where; over the server's
   * size cap, a 413.
   */
  public Object jsonBody() throws ToolFailure {
    byte[] body = RestServlet.body(request);
    try {
      return Json.MAPPER.readValue(body, Object.class);
    } catch (JacksonException e) {
      throw new ToolFailure(TypeWords.problem(e, "field"));
    }
  }

  /** A request header, or null. */
  public String header(String name) {
    return request.getHeader(name);
  }
}
