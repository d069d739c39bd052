package dev.opsmcp.common.incident;

import java.time.OffsetDateTime;

/** A timeline event to record; {@code at} null means now. */
public record NewEvent(
    String kind, String text, String source, String actor, String refId, OffsetDateTime at) {
  public static NewEvent of(String kind, String text, String source, String actor) {
    return new NewEvent(kind, text, source, actor, null, null);
  }
}
