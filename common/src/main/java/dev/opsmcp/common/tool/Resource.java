package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import java.util.Map;
import java.util.Set;

/**
 * One MCP resource, or a family of them when {@link #uri} is a template such as {@code
 * incident://{id}} (listed under resource templates; a read fills in the variables). Thread-safe:
 * one instance serves every read.
 */
public interface Resource {
  /** A URI ({@code runbook://index}) or a URI template ({@code incident://{id}}). */
  String uri();

  /** Short name, snake_case. */
  String name();

  String description();

  /** E.g. {@code application/json} or {@code text/markdown}. */
  String mimeType();

  /** A credential needs one of these to read it; empty: any credential this server accepts. */
  Set<Scope> scopes();

  /**
   * The content at a URI this resource matches, given its template variables: a {@code String} is
   * sent as is, anything else as JSON. An unknown id is a {@link ToolFailure} of kind {@code
   * NOT_FOUND}.
   */
  Object read(Caller caller, Map<String, String> variables) throws ToolFailure;
}
