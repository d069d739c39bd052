package dev.opsmcp.common.approval;

import dev.opsmcp.common.notify.Notification;
import dev.opsmcp.common.signal.Settleable;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An action an agent (messaging's {@code request_approval}) or a remediation run (orchestration)
 * wants a human to approve. status: pending, approved, denied or expired. {@code sessionId} is null
 * when no messaging session asked. Immutable.
 */
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
    OffsetDateTime decidedAt)
    implements Settleable {
  /** The signal key woken when this approval is decided (see {@code common.signal}). */
  public static String signalKey(String id) {
    return "approval:" + id;
  }

  /** What the team is told when this approval is requested; {@code link} is where to decide. */
  public Notification requested(String link) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("approval_id", id);
    if (sessionId != null) {
      fields.put("session_id", sessionId);
    }
    fields.put("incident_id", incidentId);
    fields.put("action", action);
    fields.put("risk", risk);
    return new Notification(
        "approval", "Approval needed (" + risk + " risk): " + action, details, link, fields);
  }

  @Override
  public boolean pending() {
    return "pending".equals(status);
  }
}
