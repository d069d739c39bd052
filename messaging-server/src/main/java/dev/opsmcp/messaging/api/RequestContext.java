package dev.opsmcp.messaging.api;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.tool.ToolContext;
import jakarta.servlet.http.HttpServletRequest;

/** A REST call seen as a tool call: the caller and its grant, and no progress channel. */
record RequestContext(Caller caller, Grant grant) implements ToolContext {
  /** The context the authentication filter left on {@code req}. */
  static RequestContext of(HttpServletRequest req) {
    Grant grant = (Grant) req.getAttribute("opsmcp.grant");
    return new RequestContext(grant.caller(), grant);
  }

  @Override
  public void progress(double progress, Double total, String message) {}
}
