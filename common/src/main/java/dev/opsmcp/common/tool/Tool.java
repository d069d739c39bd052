package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Scope;
import java.util.Set;

/**
 * One MCP tool. Input is a record whose JSON schema is derived from its components; the result is
 * any value Jackson can write (a record, usually) and becomes text plus {@code structuredContent}.
 * Implementations are thread-safe: one instance serves every call.
 */
public interface Tool<I extends Record> {
  /** Wire name, snake_case. */
  String name();

  /** What the tool does and returns, written for the model. */
  String description();

  Class<I> inputType();

  Hints hints();

  /**
   * The scopes that may call it: a credential needs one of them, checked before {@link #call}. An
   * empty set asks for nothing beyond access to the server (only for read-only tools such as {@code
   * system_info}).
   */
  Set<Scope> scopes();

  Object call(ToolContext ctx, I input) throws ToolFailure;

  /** What a call acts on, for its audit row (e.g. the question answered); null when nothing. */
  default String auditTarget(I input) {
    return null;
  }
}
