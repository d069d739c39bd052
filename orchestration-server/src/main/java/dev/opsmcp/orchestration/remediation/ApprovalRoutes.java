package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.TypeWords;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * {@code POST /approvals/{id}/decision}: a human ({@code messaging:human}) approves or denies the
 * approval a remediation run waits on, from the incidents dashboard. It decides through {@code
 * common.approval} (the one conditional UPDATE of a pending row) and wakes the run's replicas with
 * the approval's signal; an approval a messaging session asked for is left to messaging, which also
 * posts the decision into that session.
 */
public final class ApprovalRoutes {
  private static final int MAX_COMMENT = 2_000;

  /** A decision. */
  public record Decision(
      @Param("approve or deny.") String decision,
      @Param(value = "Why; shown on the run and to the agent.", optional = true) String comment) {}

  private ApprovalRoutes() {}

  public static void addTo(RouteTable.Builder routes, Database db, Signals signals) {
    routes.add(
        Route.post(
                "/approvals/{id}/decision",
                Decision.class,
                (call, in) ->
                    decide(
                        db,
                        signals,
                        call.caller().tenant(),
                        call.path("id"),
                        in,
                        call.caller().credentialId()))
            .scopes(Scope.MESSAGING_HUMAN)
            .summary(
                "Approve or deny the approval a remediation run waits on; returns the approval"
                    + " as decided. The run then executes (approved) or never does."));
  }

  static Approval decide(
      Database db, Signals signals, String tenant, String id, Decision in, String author)
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
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Approval a = find(db, tenant, id, now);
    if (a.sessionId() != null) {
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT,
          "approval "
              + id
              + " was asked in a messaging session; decide it in the messaging dashboard");
    }
    String status = decision.equals("approve") ? "approved" : "denied";
    int changed =
        db.jdbi()
            .withExtension(
                ApprovalStore.class, s -> s.decide(tenant, id, status, comment, author, now));
    Approval after = find(db, tenant, id, now);
    if (changed == 0) {
      throw new ToolFailure(
          after.status().equals("expired") ? ToolFailure.Kind.EXPIRED : ToolFailure.Kind.CONFLICT,
          "approval " + id + " is already " + after.status() + "; it can be decided only once");
    }
    signals.signal(Approval.signalKey(id));
    return after;
  }

  private static Approval find(Database db, String tenant, String id, OffsetDateTime now)
      throws ToolFailure {
    Approval a =
        (id.length() <= 100
                ? db.jdbi().withExtension(ApprovalStore.class, s -> s.find(tenant, id))
                : java.util.Optional.<Approval>empty())
            .orElseThrow(
                () ->
                    new ToolFailure(
                        ToolFailure.Kind.NOT_FOUND,
                        "no approval "
                            + TypeWords.clip(id)
                            + " in your tenant; GET /api/v1/runs shows the approval_id of runs"
                            + " waiting"));
    if (a.pending() && !a.expiresAt().isAfter(now)) {
      db.jdbi().useExtension(ApprovalStore.class, s -> s.expireIfDue(tenant, id, now));
      return db.jdbi().withExtension(ApprovalStore.class, s -> s.find(tenant, id)).orElseThrow();
    }
    return a;
  }
}
