package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;
import java.util.regex.Pattern;

/** Records a finding, action or observation on an incident's timeline. */
public final class AddTimelineEventTool implements Tool<AddTimelineEventTool.Input> {
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  public record Input(
      @Param("The incident's id or reference (INC-42).") String incidentId,
      @Param("What sort of event: finding, action, observation, hypothesis, note, …") String kind,
      @Param("What happened or was found.") String text) {}

  /** The recorded event and the incident's reference. */
  public record Result(TimelineEvent event, String incidentRef) {}

  private final Incidents incidents;

  public AddTimelineEventTool(Incidents incidents) {
    this.incidents = incidents;
  }

  @Override
  public String name() {
    return "add_timeline_event";
  }

  @Override
  public String description() {
    return "Record a finding, action or observation on an incident's timeline (it appears in the"
        + " postmortem).";
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
    String kind = in.kind() == null ? "" : in.kind().strip().toLowerCase(java.util.Locale.ROOT);
    if (!KIND.matcher(kind).matches()) {
      throw new ToolFailure(
          "kind '" + in.kind() + "' is not a short word; send e.g. finding, action, observation");
    }
    String text = Arguments.text("text", in.text(), Arguments.MAX_TEXT);
    Incident incident = incidents.get(ctx.caller().tenant(), in.incidentId());
    TimelineEvent e =
        incidents.record(
            ctx.caller().tenant(),
            incident.id(),
            NewEvent.of(kind, text, "agent", ctx.caller().credentialId()));
    return new Result(e, incident.ref());
  }
}
