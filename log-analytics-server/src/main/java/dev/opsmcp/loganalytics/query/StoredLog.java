package dev.opsmcp.loganalytics.query;

import java.time.Instant;

/** A log record as read back, with its id (the tie-breaker of the (ts, id) order). */
record StoredLog(
    long id,
    Instant ts,
    String service,
    String level,
    String body,
    String attributes,
    String traceId,
    String spanId) {}
