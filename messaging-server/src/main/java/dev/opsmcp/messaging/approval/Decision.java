package dev.opsmcp.messaging.approval;

import dev.opsmcp.common.approval.Approval;
import java.time.OffsetDateTime;

/**
 * Where an approval stands for the agent: approved, denied (with the human's comment), pending
 * (call wait_for_approval) or expired. Only approved means go.
 */
public record Decision(
    String status,
    String approvalId,
    String sessionId,
    String comment,
    String decidedBy,
    OffsetDateTime decidedAt,
    String next) {
  static Decision of(Approval a) {
    String next =
        switch (a.status()) {
          case "pending" ->
              "not decided yet; do not act. Call wait_for_approval with this approval_id";
          case "expired" -> "expired undecided: this is NOT an approval. Ask again if still needed";
          case "denied" -> "denied: do not take this action";
          default -> null;
        };
    return new Decision(
        a.status(), a.id(), a.sessionId(), a.decisionComment(), a.decidedBy(), a.decidedAt(), next);
  }
}
