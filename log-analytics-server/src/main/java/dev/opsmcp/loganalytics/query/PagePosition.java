package dev.opsmcp.loganalytics.query;

import java.time.Instant;

/**
 * Where the next page of get_raw_logs starts, plus what must not change between pages: the resolved
 * window (so a relative timeframe does not drift) and the log data file of the first page. Sent to
 * the caller as a signed cursor ({@code Cursors}) bound to the tenant and the filters.
 */
record PagePosition(
    Instant start,
    Instant end,
    Instant afterTs,
    long afterId,
    String dataPath,
    long dataEntries,
    boolean dataTruncated) {

  /** Every part present and in order, as this server writes it. */
  boolean complete() {
    return start != null
        && end != null
        && afterTs != null
        && start.isBefore(end)
        && dataEntries >= 0
        && (dataPath != null || !dataTruncated);
  }
}
