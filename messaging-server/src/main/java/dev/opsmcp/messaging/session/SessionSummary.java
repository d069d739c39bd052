package dev.opsmcp.messaging.session;

import java.time.OffsetDateTime;

/** A session as listed to humans: with how many of its questions and approvals wait for them. */
public record SessionSummary(
    String id,
    String agentName,
    String incidentId,
    String status,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    int unanswered) {}
