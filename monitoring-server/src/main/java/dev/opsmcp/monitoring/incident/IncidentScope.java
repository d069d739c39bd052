package dev.opsmcp.monitoring.incident;

import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a tool call asks about: a window and, for an incident, its id and services. With an incident
 * the window runs from {@code window} (default {@code lead}) before its start to its resolution or
 * now; {@code start}/{@code end} override either end.
 */
public record IncidentScope(Long incidentId, List<String> services, TimeWindow window) {
  public static IncidentScope of(
      IncidentStore incidents,
      String tenant,
      String incidentId,
      String window,
      String start,
      String end,
      Duration lead)
      throws ToolFailure {
    Instant now = Instant.now();
    if (incidentId == null) {
      return new IncidentScope(null, List.of(), TimeWindow.of(window, start, end, lead, now));
    }
    Incident incident = find(incidents, tenant, incidentId);
    Instant to =
        end != null
            ? TimeWindow.instant("end", end)
            : incident.resolvedAt() == null ? now : incident.resolvedAt().toInstant();
    Duration before = window == null ? lead : TimeWindow.timeframe(window);
    Instant from =
        start != null
            ? TimeWindow.instant("start", start)
            : incident.startedAt().toInstant().minus(before);
    if (!from.isBefore(to)) {
      throw new ToolFailure("the incident window is empty: send start and end");
    }
    return new IncidentScope(incident.id(), incident.services(), new TimeWindow(from, to));
  }

  private static Incident find(IncidentStore incidents, String tenant, String id)
      throws ToolFailure {
    String digits = id.strip().replaceFirst("(?i)^inc-", "");
    try {
      return incidents
          .find(tenant, Long.parseLong(digits))
          .orElseThrow(
              () ->
                  new ToolFailure(
                      ToolFailure.Kind.NOT_FOUND,
                      "no incident "
                          + Echo.shortened(id)
                          + " in your tenant; send an existing incident id"));
    } catch (NumberFormatException e) {
      throw new ToolFailure(
          "incident_id " + Echo.of(id) + " is not an incident id like 42 or INC-42");
    }
  }
}
