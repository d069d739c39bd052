package dev.opsmcp.common.incident;

import java.time.OffsetDateTime;
import java.util.List;

/** What opening an incident takes; {@code summary} and {@code dedupeKey} may be null. */
public record NewIncident(
    String title,
    Severity severity,
    List<String> services,
    String summary,
    String dedupeKey,
    OffsetDateTime startedAt) {
  public NewIncident {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
