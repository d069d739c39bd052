package dev.opsmcp.messaging.approval;

import java.time.OffsetDateTime;

/** An action an agent wants a human to approve. status: pending, approved, denied or expired. */
public record Approval(
    String id,
    String tenantId,
    String sessionId,
    String incidentId,
    String action,
    String details,
    String risk,
    String status,
    String decisionComment,
    String decidedBy,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt,
    OffsetDateTime decidedAt) {
  public boolean pending() {
    return "pending".equals(status);
  }
}
