package dev.opsmcp.common.incident;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The shared incident record every server refers to by id. {@code resolvedAt} is null while the
 * incident is unresolved; {@code services} are sorted. Immutable.
 */
public record Incident(
    long id,
    String tenant,
    String title,
    Severity severity,
    IncidentStatus status,
    List<String> services,
    OffsetDateTime startedAt,
    OffsetDateTime resolvedAt) {
  public Incident {
    services = List.copyOf(services);
  }
}
