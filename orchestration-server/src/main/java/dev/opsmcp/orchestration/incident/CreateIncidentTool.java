package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.NewIncident;
import dev.opsmcp.common.incident.Opened;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.Set;

/** Opens an incident, or returns the open one with the same dedupe key. */
public final class CreateIncidentTool implements Tool<CreateIncidentTool.Input> {
  public record Input(
      @Param("The symptom in a few words, e.g. 'checkout 5xx above 20%'.") String title,
      @Param("SEV1 (outage) … SEV4 (minor); any case.") String severity,
      @Param(value = "Affected services, e.g. [\"payments-api\"].", optional = true)
          List<String> services,
      @Param(value = "What is known so far.", optional = true) String summary,
      @Param(
              value =
                  "A key for this problem (e.g. an alert name): while an incident with it is open,"
                      + " that one is returned instead of a duplicate.",
              optional = true)
          String dedupeKey) {}

  /** The incident, and whether it is an existing open one returned for the dedupe key. */
  public record Result(Incident incident, boolean deduplicated, String note) {}

  private final Incidents incidents;

  public CreateIncidentTool(Incidents incidents) {
    this.incidents = incidents;
  }

  @Override
  public String name() {
    return "create_incident";
  }

  @Override
  public String description() {
    return "Open an incident. Returns it with its id and reference (INC-42); either works as"
        + " incident_id later. With dedupe_key, an open incident with the same key is returned"
        + " instead (deduplicated: true).";
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
    return Hints.WRITE;
  }

  @Override
  public Result call(ToolContext ctx, Input in) throws ToolFailure {
    String title = Arguments.text("title", in.title(), Arguments.MAX_TITLE);
    NewIncident n =
        new NewIncident(
            title,
            Arguments.severity(in.severity()),
            Arguments.services(in.services()),
            in.summary() == null
                ? null
                : Arguments.text("summary", in.summary(), Arguments.MAX_TEXT),
            in.dedupeKey() == null ? null : Arguments.text("dedupe_key", in.dedupeKey(), 200),
            null);
    Opened o =
        incidents.open(
            ctx.caller().tenant(),
            n,
            NewEvent.of(
                "created", "Incident opened: " + title, "agent", ctx.caller().credentialId()));
    return new Result(
        o.incident(),
        o.deduplicated(),
        o.deduplicated()
            ? "an open incident with this dedupe_key exists; returned it instead of opening a"
                + " duplicate"
            : null);
  }
}
