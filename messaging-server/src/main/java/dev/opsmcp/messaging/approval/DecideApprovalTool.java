package dev.opsmcp.messaging.approval;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;

/**
 * A human approves or denies an action (scope messaging:human only, so an agent's key can never
 * approve its own action). The decision is signed with the caller's name.
 */
public final class DecideApprovalTool implements Tool<DecideApprovalTool.Input> {
  public record Input(
      @Param("The approval_id, from list_pending.") String approvalId,
      @Param("approve or deny.") String decision,
      @Param(value = "Why; the agent reads it.", optional = true) String comment) {}

  private final Approvals approvals;

  public DecideApprovalTool(Approvals approvals) {
    this.approvals = approvals;
  }

  @Override
  public String name() {
    return "decide_approval";
  }

  @Override
  public String description() {
    return "Approve or deny a pending action an agent or a remediation asked for (see"
        + " list_pending); for humans, not agents. Returns the decided request. One already"
        + " decided is a conflict showing the first decision; an expired one cannot be decided.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return new Hints(false, true, false, false);
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MESSAGING_HUMAN);
  }

  @Override
  public String auditTarget(Input in) {
    return in.approvalId();
  }

  @Override
  public Approval call(ToolContext ctx, Input in) throws ToolFailure {
    if (!"approve".equals(in.decision()) && !"deny".equals(in.decision())) {
      throw new ToolFailure("decision must be \"approve\" or \"deny\"");
    }
    return approvals.decide(
        ctx.caller().tenant(),
        in.approvalId(),
        "approve".equals(in.decision()),
        in.comment(),
        ctx.caller().name());
  }
}
