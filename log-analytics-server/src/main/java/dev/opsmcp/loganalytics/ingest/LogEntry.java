package dev.opsmcp.loganalytics.ingest;

import java.time.Instant;

/**
 * One log record as stored: {@code attributes} is a JSON object as text (or null); trace and span
 * ids are lowercase hex (or null).
 */
public record LogEntry(
    String service,
    Instant ts,
    int severityNumber,
    String level,
    String body,
    String attributes,
    String traceId,
    String spanId) {}
