package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.auth.AuditLog;
import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Locale;

/**
 * {@code POST /approvals/{id}/decision}: a human ({@code messaging:human}) approves or denies the
 * approval a remediation run waits on, from the incidents dashboard, signed with the person's name.
 * It decides through {@link RunApprovals} (the settleable core); an approval a messaging session
 * asked for is left to messaging, which also posts the decision into that session.
 */
public final class ApprovalRoutes {
  private static final int MAX_COMMENT = 2_000;

  /** A decision. */
  public record Decision(
      @Param("approve or deny.") String decision,
      @Param(value = "Why; shown on the run and to the agent.", optional = true) String comment) {}

  private ApprovalRoutes() {}

  public static void addTo(RouteTable.Builder routes, RunApprovals approvals, AuditLog audit) {
    routes.add(
        Route.post(
                "/approvals/{id}/decision",
                Decision.class,
                (call, in) -> {
                  Caller caller = call.caller();
                  String id = call.path("id");
                  String outcome = "internal_error";
                  try {
                    Approval decided = decide(approvals, caller.tenant(), id, in, caller.name());
                    outcome = "ok";
                    return decided;
                  } catch (ToolFailure refused) {
                    outcome = "tool_error";
                    throw refused;
                  } finally {
                    audit.record(
                        new AuditLog.Event(
                            caller.tenant(),
                            caller.credentialId(),
                            "rest:approval_decision",
                            id,
                            outcome,
                            "as " + caller.name(),
                            null));
                  }
                })
            .scopes(Scope.MESSAGING_HUMAN)
            .summary(
                "Approve or deny the approval a remediation run waits on; returns the approval"
                    + " as decided. The run then executes (approved) or never does."));
  }

  static Approval decide(
      RunApprovals approvals, String tenant, String id, Decision in, String author)
      throws ToolFailure {
    String decision = in.decision() == null ? "" : in.decision().strip().toLowerCase(Locale.ROOT);
    if (!decision.equals("approve") && !decision.equals("deny")) {
      throw new ToolFailure("decision must be approve or deny");
    }
    String comment = in.comment() == null || in.comment().isBlank() ? null : in.comment().strip();
    if (comment != null && (comment.length() > MAX_COMMENT || comment.indexOf('\0') >= 0)) {
      throw new ToolFailure(
          "comment must be text of at most " + MAX_COMMENT + " characters without NUL");
    }
    if (approvals.find(tenant, id).sessionId() != null) {
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT,
          "approval "
              + id
              + " was asked in a messaging session; decide it in the messaging dashboard");
    }
    return approvals.decide(tenant, id, decision.equals("approve"), comment, author);
  }
}
