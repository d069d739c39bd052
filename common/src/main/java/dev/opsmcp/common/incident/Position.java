package dev.opsmcp.common.incident;

import java.time.OffsetDateTime;

/**
 * Where the next page of a list ordered by (time, id) starts: after this item. Kept in the signed
 * cursor as text, so that it reads back to the exact microsecond.
 */
record Position(String at, long id) {
  static Position of(OffsetDateTime at, long id) {
    return new Position(at.toString(), id);
  }

  OffsetDateTime time() {
    return OffsetDateTime.parse(at);
  }
}
