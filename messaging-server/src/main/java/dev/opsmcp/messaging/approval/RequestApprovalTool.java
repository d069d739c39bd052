package dev.opsmcp.messaging.approval;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.session.Conversations;
import java.util.Set;

/** Asks a human to approve a risky action and waits for the decision. */
public final class RequestApprovalTool implements Tool<RequestApprovalTool.Input> {
  public record Input(
      @Param("The action, e.g. 'restart payments-api pods in eu-west-1'.") String action,
      @Param("Why, what it changes, and how to roll back.") String details,
      @Param("low, medium, high or critical.") String risk,
      @Param(value = "Session to ask in; omit to start one.", optional = true) String sessionId,
      @Param(
              value = "The incident this is for: its id or reference (17 or INC-42).",
              optional = true)
          String incidentId,
      @Param(value = "Seconds to wait before returning pending (default 50).", optional = true)
          Integer waitSeconds) {}

  private final Conversations conversations;
  private final Approvals approvals;
  private final MessagingSettings settings;
  private final IncidentStore incidents;

  public RequestApprovalTool(
      Conversations conversations,
      Approvals approvals,
      MessagingSettings settings,
      IncidentStore incidents) {
    this.incidents = incidents;
    this.conversations = conversations;
    this.approvals = approvals;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "request_approval";
  }

  @Override
  public String description() {
    return "Ask a human to approve an action before you take it. Returns approved, denied (with"
        + " the human's comment), or pending with approval_id (then call wait_for_approval)."
        + " Act only on approved; expired is never an approval.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return Hints.WRITE;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MESSAGING_AGENT);
  }

  @Override
  public Decision call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    conversations.content("action", in.action());
    Long incidentId = incidents.idIfGiven(tenant, in.incidentId());
    String sessionId = conversations.open(tenant, in.sessionId(), null, incidentId).id();
    Approval a =
        approvals.request(tenant, sessionId, incidentId, in.action(), in.details(), in.risk());
    return WaitForApprovalTool.wait(
        ctx, approvals, conversations, a.id(), settings.waitFor(in.waitSeconds()));
  }
}
