package dev.opsmcp.common.incident;

import dev.opsmcp.common.tool.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The shared incident record every server refers to by id, or by its per-tenant reference {@code
 * ref} ({@code INC-42}). {@code resolvedAt} is null while the incident is unresolved; {@code
 * services} are sorted. Immutable.
 */
public record Incident(
    long id,
    String ref,
    String tenant,
    String title,
    Severity severity,
    IncidentStatus status,
    List<String> services,
    String summary,
    String dedupeKey,
    OffsetDateTime startedAt,
    OffsetDateTime resolvedAt,
    OffsetDateTime updatedAt) {
  public Incident {
    services = List.copyOf(services);
  }

  /**
   * The window a tool reads for this incident when the call gives none: from {@code lead} before it
   * started to its resolution, or {@code now} while unresolved.
   */
  public TimeWindow span(Duration lead, Instant now) {
    return TimeWindow.span(
        startedAt.toInstant(), resolvedAt == null ? null : resolvedAt.toInstant(), lead, now);
  }
}
