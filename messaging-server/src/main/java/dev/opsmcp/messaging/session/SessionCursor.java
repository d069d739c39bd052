package dev.opsmcp.messaging.session;

import dev.opsmcp.common.tool.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where a page of the session list ends: the sort key (active first, then last update, then id, all
 * descending) of its last session. The next page starts strictly after it, so sessions that start
 * or change meanwhile do not shift the pages. Opaque to clients.
 */
public record SessionCursor(int rank, OffsetDateTime updatedAt, String id) {
  /** Before every session: rank 2 sorts above active (1) and ended (0). */
  public static final SessionCursor FIRST =
      new SessionCursor(2, OffsetDateTime.parse("9999-12-31T00:00:00Z"), "");

  static int rank(String status) {
    return "active".equals(status) ? 1 : 0;
  }

  public static SessionCursor after(SessionSummary last) {
    return new SessionCursor(rank(last.status()), last.updatedAt(), last.id());
  }

  public String encode() {
    String raw = rank + "|" + updatedAt + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor {@link #encode} wrote, or {@link #FIRST} for none. */
  public static SessionCursor decode(String cursor) throws ToolFailure {
    if (cursor == null || cursor.isEmpty()) {
      return FIRST;
    }
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 3);
      if (parts.length == 3 && (parts[0].equals("0") || parts[0].equals("1"))) {
        return new SessionCursor(
            Integer.parseInt(parts[0]), OffsetDateTime.parse(parts[1]), parts[2]);
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // not one of ours
    }
    throw new ToolFailure(
        "cursor is not one this API returned; pass next_cursor from the previous page, or omit it"
            + " to start from the first page");
  }
}
