package dev.opsmcp.common.notify;

import java.time.OffsetDateTime;

/**
 * One queued notification to one channel, as its state stands: {@code pending} (with the next
 * attempt's time), {@code sent} or {@code failed} (gave up after the last attempt).
 */
public record Delivery(
    long id,
    String channelId,
    String channelKind,
    String channelUrl,
    boolean signed,
    String status,
    int attempts,
    String lastError,
    OffsetDateTime createdAt,
    OffsetDateTime nextAttemptAt,
    OffsetDateTime sentAt) {}
