package dev.opsmcp.common.incident;

import java.time.OffsetDateTime;

/**
 * Filters of an incident list; a null field does not filter. {@code since} and {@code until} bound
 * the start time: at or after {@code since}, before {@code until}.
 */
public record IncidentFilter(
    IncidentStatus status,
    String service,
    Severity severity,
    OffsetDateTime since,
    OffsetDateTime until) {
  public IncidentFilter(
      IncidentStatus status, String service, Severity severity, OffsetDateTime since) {
    this(status, service, severity, since, null);
  }
}
