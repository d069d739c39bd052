package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;

/** What a tool call knows besides its input: who calls, and how to report progress. */
public interface ToolContext {
  Caller caller();

  /**
   * Sends an MCP progress notification when the request carried a progress token; a no-op
   * otherwise. Long calls send one every few seconds so clients keep waiting.
   */
  void progress(double progress, Double total, String message);
}
