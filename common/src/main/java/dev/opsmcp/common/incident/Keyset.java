package dev.opsmcp.common.incident;

import dev.opsmcp.common.tool.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/** An opaque keyset cursor: the (time, id) of the last item of a page. */
record Keyset(OffsetDateTime at, long id) {
  String encode() {
    Instant i = at.toInstant();
    String raw = i.getEpochSecond() + "." + i.getNano() + "." + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Keyset decode(String cursor) throws ToolFailure {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
      if (parts.length != 3) {
        throw new IllegalArgumentException("parts");
      }
      Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      return new Keyset(at.atOffset(ZoneOffset.UTC), Long.parseLong(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(
          "cursor is not one this server returned; send next_cursor from the previous page"
              + " unchanged, or omit it to start from the first page");
    }
  }
}
