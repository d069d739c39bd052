package dev.opsmcp.messaging.approval;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.signal.SettleableTable;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.session.SessionRequests;
import java.util.Locale;
import java.util.Set;

/** Approvals: an agent asks before a risky action; only a human's decision approves it. */
public final class Approvals extends SessionRequests<Approval> {
  public static final Set<String> RISKS = Set.of("low", "medium", "high", "critical");

  public Approvals(Wiring wiring, Created<Approval> onRequested) {
    super(
        wiring,
        new Noun("approval", "decided", "the approval_id that request_approval returned"),
        new SettleableTable<>("approval", Approval.class),
        Approval::signalKey,
        Approval::sessionId, // null when a remediation run asked, not a session
        onRequested);
  }

  public Approval request(
      String tenant, String sessionId, Long incidentId, String action, String details, String risk)
      throws ToolFailure {
    conversations().content("action", action);
    conversations().content("details", details);
    String level = risk == null ? "" : risk.strip().toLowerCase(Locale.ROOT);
    if (!RISKS.contains(level)) {
      throw new ToolFailure("risk " + Echo.of(risk) + " is not one of low, medium, high, critical");
    }
    String id = Ids.newId("apr");
    return create(
        tenant,
        sessionId,
        id,
        "approval",
        action + "\n\n" + details,
        (h, now) ->
            h.attach(ApprovalStore.class)
                .insert(
                    id,
                    tenant,
                    sessionId,
                    incidentId,
                    action,
                    details,
                    level,
                    now,
                    now.plus(settings().approvalTtl())));
  }

  /**
   * Records a human's decision, signed with {@code author} (the person's name); deciding twice is a
   * conflict carrying the first decision, an expired request cannot be decided.
   */
  public Approval decide(String tenant, String id, boolean approve, String comment, String author)
      throws ToolFailure {
    conversations().limited("comment", comment);
    String status = approve ? "approved" : "denied";
    String text = status + (comment == null || comment.isBlank() ? "" : ": " + comment);
    return settleInSession(
        tenant,
        id,
        (h, now) -> h.attach(ApprovalStore.class).decide(tenant, id, status, comment, author, now),
        "decision",
        text,
        author);
  }
}
