package dev.opsmcp.loganalytics.query;

import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * Where the next page starts, plus what must not change between pages: the resolved window (so a
 * relative timeframe does not drift), a key of the filters, and the log data file of the first
 * page. Opaque to the caller (base64url JSON); tampering with it can only select the caller's own
 * data.
 */
record PageCursor(
    Instant start,
    Instant end,
    Instant afterTs,
    long afterId,
    String filters,
    String dataPath,
    long dataEntries,
    boolean dataTruncated) {
  private static final ObjectReader READER =
      Json.MAPPER
          .readerFor(PageCursor.class)
          .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Json.write(this).getBytes(StandardCharsets.UTF_8));
  }

  static PageCursor decode(String text) throws ToolFailure {
    PageCursor cursor;
    try {
      byte[] json = Base64.getUrlDecoder().decode(text.strip());
      cursor = READER.readValue(json);
    } catch (RuntimeException e) {
      throw notValid();
    }
    if (cursor == null || !cursor.complete()) {
      throw notValid();
    }
    return cursor;
  }

  /** Every part present and in order, as {@link #encode} writes it; an edited cursor may not be. */
  private boolean complete() {
    return start != null
        && end != null
        && afterTs != null
        && filters != null
        && dataPath != null
        && start.isBefore(end)
        && dataEntries >= 0;
  }

  private static ToolFailure notValid() {
    return new ToolFailure(
        "cursor is not valid: pass next_cursor exactly as a previous get_raw_logs call returned"
            + " it, with the same filters, or leave it out to start from the beginning");
  }
}
