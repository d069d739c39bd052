package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;

/**
 * What a tool call knows besides its input: who calls, the grant that ends when the caller's
 * credential is revoked or expires (long waits watch it), and how to report progress.
 */
public interface ToolContext {
  Caller caller();

  Grant grant();

  /**
   * Sends an MCP progress notification when the request carried a progress token; a no-op
   * otherwise. Long calls send one every few seconds so clients keep waiting.
   */
  void progress(double progress, Double total, String message);
}
