package dev.opsmcp.orchestration.notify;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.notify.Deliveries;
import dev.opsmcp.common.notify.Delivery;
import dev.opsmcp.common.notify.Notification;
import dev.opsmcp.common.notify.Outbox;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Arguments;
import dev.opsmcp.orchestration.incident.Incidents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sends a message to the team's channels, durably, with retries. */
public final class NotifyTeamTool implements Tool<NotifyTeamTool.Input> {
  public record Input(
      @Param("What the team should know.") String message,
      @Param(value = "The incident it is about (id or INC-42).", optional = true) String incidentId,
      @Param(value = "One channel id (ch_…); omit for all of the team's channels.", optional = true)
          String channel,
      @Param(value = "SEV1 … SEV4, shown with the message.", optional = true) String severity) {}

  /** One delivery per channel, each with its id for get_notification. */
  public record Result(List<Delivery> notifications, String note) {}

  private final Outbox outbox;
  private final Channels channels;
  private final Deliveries deliveries;
  private final Incidents incidents;

  public NotifyTeamTool(
      Outbox outbox, Channels channels, Deliveries deliveries, Incidents incidents) {
    this.outbox = outbox;
    this.channels = channels;
    this.deliveries = deliveries;
    this.incidents = incidents;
  }

  @Override
  public String name() {
    return "notify_team";
  }

  @Override
  public String description() {
    return "Send a message to the team's notification channels (Slack, webhooks), delivered with"
        + " retries. Returns one notification id per channel; check one with get_notification.";
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
    return new Hints(false, false, false, true);
  }

  @Override
  public Result call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    String message = Arguments.text("message", in.message(), 4_000);
    Severity severity = in.severity() == null ? null : Arguments.severity(in.severity());
    Incident incident = in.incidentId() == null ? null : incidents.get(tenant, in.incidentId());
    String channel = in.channel() == null ? null : in.channel().strip();
    if (channels.list(tenant).isEmpty()) {
      throw new ToolFailure(
          ToolFailure.Kind.NOT_FOUND,
          "your team has no notification channels; an operator adds one with opsmcp channel add");
    }
    if (channel != null && channels.list(tenant).stream().noneMatch(c -> c.id().equals(channel))) {
      throw new ToolFailure(
          ToolFailure.Kind.NOT_FOUND,
          "no channel " + channel + " for your team; omit channel to send to all of them");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    String title =
        (severity == null ? "" : "[" + severity + "] ") + "Message from the incident agent";
    if (incident != null) {
      fields.put("incident_id", incident.id());
      fields.put("incident_ref", incident.ref());
      title =
          (severity == null ? "" : "[" + severity + "] ") + incident.ref() + " " + incident.title();
    }
    if (severity != null) {
      fields.put("severity", severity.name());
    }
    List<Long> ids =
        outbox.send(tenant, new Notification("message", title, message, null, fields), channel);
    if (incident != null) {
      incidents.record(
          tenant,
          incident.id(),
          NewEvent.of(
              "team_notified", "Team notified: " + message, "agent", ctx.caller().credentialId()));
    }
    List<Delivery> out = new ArrayList<>();
    for (long id : ids) {
      deliveries.find(tenant, id).ifPresent(out::add);
    }
    return new Result(
        out, "queued; delivered with retries. get_notification shows each one's state");
  }
}
