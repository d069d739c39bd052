package dev.opsmcp.common.incident;

import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a tool call asks about: the incident its {@code incident_id} names (null when none) and its
 * window. The window is the call's {@code window} or {@code start}/{@code end} when given, else the
 * incident's span (from {@code lead} before it started to its resolution or now), else {@code
 * fallback} back from now.
 */
public record IncidentScope(Incident incident, TimeWindow window) {
  public static IncidentScope of(
      IncidentStore incidents,
      String tenant,
      String incidentId,
      String window,
      String start,
      String end,
      Duration fallback,
      Duration lead,
      Instant now)
      throws ToolFailure {
    Incident incident = incidents.resolveIfGiven(tenant, incidentId);
    return new IncidentScope(
        incident,
        TimeWindow.of(
            window, start, end, fallback, incident == null ? null : incident.span(lead, now), now));
  }

  /** The incident's id, or null. */
  public Long incidentId() {
    return incident == null ? null : incident.id();
  }

  /** The incident's services, or none. */
  public List<String> services() {
    return incident == null ? List.of() : incident.services();
  }
}
