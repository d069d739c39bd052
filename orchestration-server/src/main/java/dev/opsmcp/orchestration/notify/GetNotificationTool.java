package dev.opsmcp.orchestration.notify;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.notify.Deliveries;
import dev.opsmcp.common.notify.Delivery;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;

/** The delivery state of one notification. */
public final class GetNotificationTool implements Tool<GetNotificationTool.Input> {
  public record Input(@Param("A notification id notify_team returned.") Long notificationId) {}

  private final Deliveries deliveries;

  public GetNotificationTool(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  @Override
  public String name() {
    return "get_notification";
  }

  @Override
  public String description() {
    return "Delivery state of a notification: pending (next attempt), sent, or failed, with"
        + " attempts and the last error.";
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
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Delivery call(ToolContext ctx, Input in) throws ToolFailure {
    return deliveries
        .find(ctx.caller().tenant(), in.notificationId())
        .orElseThrow(
            () ->
                new ToolFailure(
                    ToolFailure.Kind.NOT_FOUND,
                    "no notification "
                        + in.notificationId()
                        + " for your team; use an id notify_team returned"));
  }
}
