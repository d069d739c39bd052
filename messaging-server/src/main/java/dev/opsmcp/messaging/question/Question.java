package dev.opsmcp.messaging.question;

import dev.opsmcp.common.signal.Settleable;
import java.time.OffsetDateTime;

/** A question an agent asked a human. status: pending, answered or expired. */
public record Question(
    String id,
    String tenantId,
    String sessionId,
    String question,
    String choices,
    String status,
    String answer,
    String answeredBy,
    OffsetDateTime createdAt,
    OffsetDateTime expiresAt,
    OffsetDateTime answeredAt)
    implements Settleable {
  @Override
  public boolean pending() {
    return "pending".equals(status);
  }
}
