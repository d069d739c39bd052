package dev.opsmcp.messaging.session;

import java.time.OffsetDateTime;

/** One conversation between an agent and the humans of its tenant. */
public record Session(
    String id,
    String tenantId,
    String agentName,
    String incidentId,
    String status,
    String summary,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime endedAt) {
  public boolean ended() {
    return "ended".equals(status);
  }
}
