package dev.opsmcp.orchestration.postmortem;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import java.util.Map;
import java.util.Set;

/** {@code incident://{id}/postmortem}: the newest postmortem of an incident, as Markdown. */
public record PostmortemResource(Incidents incidents, Postmortems postmortems) implements Resource {
  @Override
  public String uri() {
    return "incident://{id}/postmortem";
  }

  @Override
  public String name() {
    return "postmortem";
  }

  @Override
  public String description() {
    return "The newest postmortem of an incident (id or INC-42), as Markdown.";
  }

  @Override
  public String mimeType() {
    return "text/markdown";
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.INCIDENTS_READ);
  }

  @Override
  public Object read(Caller caller, Map<String, String> variables) throws ToolFailure {
    return postmortems
        .current(caller.tenant(), incidents.get(caller.tenant(), variables.get("id")))
        .markdown();
  }
}
