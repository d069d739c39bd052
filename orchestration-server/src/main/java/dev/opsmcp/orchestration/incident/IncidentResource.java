package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code incident://{id}}: an incident and its timeline (oldest first, up to 200) as JSON. */
public record IncidentResource(Incidents incidents) implements Resource {
  @Override
  public String uri() {
    return "incident://{id}";
  }

  @Override
  public String name() {
    return "incident";
  }

  @Override
  public String description() {
    return "An incident (id or INC-42) and its timeline, oldest first, as JSON.";
  }

  @Override
  public String mimeType() {
    return "application/json";
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.INCIDENTS_READ);
  }

  @Override
  public Object read(Caller caller, Map<String, String> variables) throws ToolFailure {
    Incident incident = incidents.get(caller.tenant(), variables.get("id"));
    Page<TimelineEvent> timeline =
        incidents.timeline(caller.tenant(), incident.id(), false, null, 200);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incident", incident);
    out.put("timeline", timeline.items());
    out.put("timeline_truncated", timeline.truncated());
    return out;
  }
}
