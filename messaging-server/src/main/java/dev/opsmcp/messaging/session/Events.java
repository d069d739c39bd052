package dev.opsmcp.messaging.session;

import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.Json;
import java.util.Map;
import java.util.Optional;

/**
 * Live events for dashboards ({@code GET /api/v1/events}): published through {@link Signals} so a
 * page connected to one process sees what happened in another. Keys are {@code
 * event:<tenant>:<json>}; the JSON holds only ids and a type, never content.
 */
public final class Events {
  private static final String PREFIX = "event:";

  /** An event as streamed: its type (session, message, question, approval, answer, decision). */
  public record Event(String tenant, String json) {}

  private final Signals signals;

  public Events(Signals signals) {
    this.signals = signals;
  }

  public void publish(String tenant, String type, String sessionId, Object id) {
    signals.signal(
        PREFIX
            + tenant
            + ":"
            + Json.write(Map.of("type", type, "session_id", sessionId, "id", String.valueOf(id))));
  }

  public static Optional<Event> parse(String key) {
    if (!key.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int colon = key.indexOf(':', PREFIX.length());
    return colon < 0
        ? Optional.empty()
        : Optional.of(new Event(key.substring(PREFIX.length(), colon), key.substring(colon + 1)));
  }
}
