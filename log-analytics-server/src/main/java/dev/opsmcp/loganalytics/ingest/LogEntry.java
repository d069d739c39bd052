package dev.opsmcp.loganalytics.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One log record as stored: {@code attributes} is a JSON object as text (or null); trace and span
 * ids are lowercase hex (or null). The time is kept to the microsecond, as both databases store it
 * (rounding there could move a record across the end of a query window).
 */
public record LogEntry(
    String service,
    Instant ts,
    int severityNumber,
    String level,
    String body,
    String attributes,
    String traceId,
    String spanId) {
  /** The earliest and latest times a record may carry (both databases store these). */
  public static final Instant EARLIEST = Instant.EPOCH;

  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  public LogEntry {
    ts = ts.truncatedTo(ChronoUnit.MICROS);
    service = withoutNul(service);
    level = withoutNul(level);
    body = withoutNul(body);
  }

  private static String withoutNul(String text) {
    return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "");
  }
}
