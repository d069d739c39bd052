package dev.opsmcp.common.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * A resolved log query of one tenant: the window [start, end), services (empty = all), minimum
 * severity number (0 = any) and a case-insensitive substring of the message (null = any).
 */
public record LogQuery(
    String tenant,
    Instant start,
    Instant end,
    List<String> services,
    int minSeverity,
    String contains) {
  public LogQuery {
    services = List.copyOf(services);
  }
}
