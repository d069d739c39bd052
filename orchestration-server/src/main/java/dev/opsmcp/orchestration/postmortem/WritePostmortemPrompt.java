package dev.opsmcp.orchestration.postmortem;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Prompt;
import dev.opsmcp.common.tool.PromptMessage;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import java.util.List;
import java.util.Set;

/** Starts writing an incident's postmortem from its recorded timeline. */
public final class WritePostmortemPrompt implements Prompt<WritePostmortemPrompt.Input> {
  public record Input(@Param("The incident's id or reference (INC-42).") String incidentId) {}

  private final Incidents incidents;

  public WritePostmortemPrompt(Incidents incidents) {
    this.incidents = incidents;
  }

  @Override
  public String name() {
    return "write_postmortem";
  }

  @Override
  public String description() {
    return "Write the postmortem of an incident from its recorded timeline.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.INCIDENTS_READ);
  }

  @Override
  public List<PromptMessage> messages(Caller caller, Input in) throws ToolFailure {
    Incident i = incidents.get(caller.tenant(), in.incidentId());
    Page<TimelineEvent> timeline = incidents.timeline(caller.tenant(), i.id(), false, null, 200);
    StringBuilder t = new StringBuilder();
    for (TimelineEvent e : timeline.items()) {
      t.append("- ")
          .append(e.at())
          .append(" ")
          .append(e.kind())
          .append(" (")
          .append(e.source())
          .append("): ")
          .append(e.text().replaceAll("\\s*\\R\\s*", " "))
          .append("\n");
    }
    if (timeline.truncated()) {
      t.append("- … more events: read incident://").append(i.id()).append("\n");
    }
    return List.of(
        PromptMessage.user(
            "Write the postmortem of "
                + i.ref()
                + " \""
                + i.title()
                + "\" ("
                + i.severity()
                + ", "
                + i.status().wire()
                + ", services: "
                + (i.services().isEmpty() ? "none recorded" : String.join(", ", i.services()))
                + ").\n\nRecorded timeline, oldest first:\n"
                + t
                + "\nFrom this record (and get_incident or the other servers' tools where it is"
                + " thin), establish the root cause and what resolved it, without guessing beyond"
                + " the evidence. Then call document_resolution with incident_id "
                + i.ref()
                + ", root_cause, resolution, action_items (concrete follow-ups) and lessons. It"
                + " builds the summary, impact, timeline and remediations from the record itself."));
  }
}
