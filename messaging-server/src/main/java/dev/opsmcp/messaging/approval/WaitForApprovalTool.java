package dev.opsmcp.messaging.approval;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.session.Conversations;
import java.time.Duration;
import java.util.Set;

/** Keeps waiting for the decision on an approval requested earlier. */
public final class WaitForApprovalTool implements Tool<WaitForApprovalTool.Input> {
  public record Input(
      @Param("The approval_id that request_approval returned.") String approvalId,
      @Param(value = "Seconds to wait before returning pending (default 50).", optional = true)
          Integer waitSeconds) {}

  private final Conversations conversations;
  private final Approvals approvals;
  private final MessagingSettings settings;

  public WaitForApprovalTool(
      Conversations conversations, Approvals approvals, MessagingSettings settings) {
    this.conversations = conversations;
    this.approvals = approvals;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "wait_for_approval";
  }

  @Override
  public String description() {
    return "Wait for the decision on an approval you requested: approved, denied, pending (call"
        + " again) or expired (not an approval).";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return new Hints(false, false, true, false); // marks the decision delivered
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MESSAGING_AGENT);
  }

  @Override
  public Decision call(ToolContext ctx, Input in) throws ToolFailure {
    return wait(ctx, approvals, conversations, in.approvalId(), settings.waitFor(in.waitSeconds()));
  }

  static Decision wait(
      ToolContext ctx, Approvals approvals, Conversations conversations, String id, Duration wait)
      throws ToolFailure {
    String tenant = ctx.caller().tenant();
    Approval a = approvals.await(ctx, id, wait);
    if (!a.pending()) {
      conversations.delivered(tenant, id);
    }
    return Decision.of(a);
  }
}
