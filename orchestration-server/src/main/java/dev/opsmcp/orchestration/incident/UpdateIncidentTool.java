package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentChange;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.incident.Updated;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.Set;

/** Moves an incident through its lifecycle or changes its severity, summary or services. */
public final class UpdateIncidentTool implements Tool<UpdateIncidentTool.Input> {
  public record Input(
      @Param("The incident's id or reference (INC-42).") String incidentId,
      @Param(
              value =
                  "open, investigating, mitigating, resolved or closed. Steps may be skipped;"
                      + " closed only from resolved; resolved may be reopened.",
              optional = true)
          String status,
      @Param(value = "SEV1 … SEV4.", optional = true) String severity,
      @Param(value = "Replaces the summary.", optional = true) String summary,
      @Param(value = "Replaces the affected services.", optional = true) List<String> services) {}

  /** The incident as stored after the update, and the timeline events it recorded. */
  public record Result(Incident incident, List<TimelineEvent> changes, String note) {}

  private final Incidents incidents;

  public UpdateIncidentTool(Incidents incidents) {
    this.incidents = incidents;
  }

  @Override
  public String name() {
    return "update_incident";
  }

  @Override
  public String description() {
    return "Change an incident's status (open → investigating → mitigating → resolved → closed),"
        + " severity, summary or services. Each change goes on the timeline. Returns the incident"
        + " as stored.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.INCIDENTS_WRITE);
  }

  @Override
  public Hints hints() {
    return new Hints(false, false, true, false);
  }

  @Override
  public Result call(ToolContext ctx, Input in) throws ToolFailure {
    IncidentChange change =
        new IncidentChange(
            in.status() == null ? null : Arguments.status(in.status()),
            in.severity() == null ? null : Arguments.severity(in.severity()),
            in.summary() == null
                ? null
                : Arguments.text("summary", in.summary(), Arguments.MAX_TEXT),
            Arguments.services(in.services()));
    if (change.empty()) {
      throw new ToolFailure(
          "nothing to change; send at least one of status, severity, summary, services");
    }
    String tenant = ctx.caller().tenant();
    Incident incident = incidents.get(tenant, in.incidentId());
    Updated u =
        incidents.update(tenant, incident.id(), change, "agent", ctx.caller().credentialId());
    return new Result(
        u.after(),
        u.events(),
        u.events().isEmpty() ? "nothing changed: the values were already set" : null);
  }
}
