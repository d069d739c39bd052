package dev.opsmcp.messaging.api;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.tool.ToolContext;

/** A REST call seen as a tool call: the caller, and no progress channel. */
record RequestContext(Caller caller) implements ToolContext {
  @Override
  public void progress(double progress, Double total, String message) {}
}
