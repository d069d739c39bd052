package dev.opsmcp.common.rest;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.TypeWords;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * What a route handler knows besides its input: who calls, and the path variables. It is also a
 * {@link ToolContext} (without a progress channel), so a route that is the REST twin of a tool
 * passes it straight to the tool.
 */
public final class RestCall implements ToolContext {
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

  /** A request header, or null. */
  public String header(String name) {
    return request.getHeader(name);
  }
}
