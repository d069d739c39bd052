package dev.opsmcp.common.tool;

/**
 * Something the caller can fix: a bad argument, an unknown id, a missing scope, a limit. Becomes an
 * {@code isError} result; the message is written for the model and says what to send instead.
 */
public final class ToolFailure extends Exception {
  public ToolFailure(String message) {
    super(message, null, false, false);
  }
}
