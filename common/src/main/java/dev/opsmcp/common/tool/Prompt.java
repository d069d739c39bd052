package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import java.util.List;
import java.util.Set;

/**
 * One MCP prompt: a message template the user picks in the client (e.g. {@code
 * investigate_incident}). Its arguments are the components of a record of strings ({@link Param}
 * gives each its description and optionality). Thread-safe: one instance serves every request.
 */
public interface Prompt<I extends Record> {
  /** Wire name, snake_case. */
  String name();

  /** What the prompt is for, shown to the user choosing it. */
  String description();

  /** A record whose components are all {@code String}. */
  Class<I> inputType();

  /** A credential needs one of these to get it; empty: any credential this server accepts. */
  Set<Scope> scopes();

  /** The messages that start the conversation; a {@link ToolFailure} says what to send instead. */
  List<PromptMessage> messages(Caller caller, I input) throws ToolFailure;
}
