package dev.opsmcp.messaging.session;

import java.time.OffsetDateTime;

/**
 * One timeline entry of a session. {@code role}: agent, user or system; {@code kind}: message,
 * step, question, answer, approval, decision or end. {@code refId} links questions and approvals.
 */
public record Message(
    long id,
    String sessionId,
    String role,
    String kind,
    String content,
    String refId,
    String author,
    OffsetDateTime createdAt) {}
