package dev.opsmcp.common.telemetry;

import java.time.Instant;

/** A log record as read back, with its id (the tie-breaker of the (ts, id) order). */
public record StoredLog(
    long id,
    Instant ts,
    String service,
    int severityNumber,
    String level,
    String body,
    String attributes,
    String traceId,
    String spanId) {}
