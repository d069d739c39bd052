package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Map;
import java.util.Set;

/** {@code runbook://{name}}: one runbook as list_runbooks shows it (never its secrets). */
public record RunbookResource(Runbooks runbooks) implements Resource {
  @Override
  public String uri() {
    return "runbook://{name}";
  }

  @Override
  public String name() {
    return "runbook";
  }

  @Override
  public String description() {
    return "One runbook: parameters, risk, kind, whether approval is needed, executor.";
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
    String name = variables.get("name");
    return ListRunbooksTool.entry(
        runbooks
            .find(name)
            .orElseThrow(
                () ->
                    new ToolFailure(
                        ToolFailure.Kind.NOT_FOUND,
                        "no runbook '" + name + "'; list_runbooks shows the defined ones")));
  }
}
