package dev.opsmcp.orchestration.postmortem;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Arguments;
import dev.opsmcp.orchestration.incident.Incidents;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Records root cause and resolution, resolves the incident, and returns the postmortem. */
public final class DocumentResolutionTool implements Tool<DocumentResolutionTool.Input> {
  public record Input(
      @Param("The incident's id or reference (INC-42).") String incidentId,
      @Param("What caused it, as established.") String rootCause,
      @Param("What fixed it.") String resolution,
      @Param(value = "Follow-ups, one per item.", optional = true) List<String> actionItems,
      @Param(value = "What the team learned, one per item.", optional = true)
          List<String> lessons) {}

  /** The stored postmortem in full, and the incident's status after writing it. */
  public record Result(String incidentRef, int version, String incidentStatus, String markdown) {}

  private final Incidents incidents;
  private final Postmortems postmortems;

  public DocumentResolutionTool(Incidents incidents, Postmortems postmortems) {
    this.incidents = incidents;
    this.postmortems = postmortems;
  }

  @Override
  public String name() {
    return "document_resolution";
  }

  @Override
  public String description() {
    return "Write the postmortem: give root_cause and resolution (plus action_items, lessons); the"
        + " summary, impact, timeline and remediations come from the record. Resolves the incident"
        + " unless closed. Returns the Markdown; each call stores a new version.";
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
    PostmortemWriter.Conclusions c =
        new PostmortemWriter.Conclusions(
            Arguments.text("root_cause", in.rootCause(), Arguments.MAX_TEXT),
            Arguments.text("resolution", in.resolution(), Arguments.MAX_TEXT),
            items("action_items", in.actionItems()),
            items("lessons", in.lessons()));
    String tenant = ctx.caller().tenant();
    Incident incident = incidents.get(tenant, in.incidentId());
    Postmortem p = postmortems.document(tenant, ctx.caller().credentialId(), incident, c);
    Incident after = incidents.get(tenant, Long.toString(incident.id()));
    return new Result(p.incidentRef(), p.version(), after.status().wire(), p.markdown());
  }

  private static List<String> items(String name, List<String> values) throws ToolFailure {
    if (values == null) {
      return List.of();
    }
    if (values.size() > 50) {
      throw new ToolFailure(name + " has " + values.size() + " items; send at most 50");
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(Arguments.text(name + " item", v, 2_000));
    }
    return out;
  }
}
