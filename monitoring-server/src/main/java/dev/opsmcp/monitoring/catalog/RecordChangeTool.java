package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Instant;
import java.util.Set;

/** Records a change event that root-cause analysis weighs against anomaly onsets. */
public final class RecordChangeTool implements Tool<RecordChangeTool.Input> {
  public record Input(
      @Param("Service that changed (its service.name).") String service,
      @Param("deploy, config, flag, scale or other.") String kind,
      @Param(value = "Version or revision deployed.", optional = true) String version,
      @Param(value = "What changed, in one line.", optional = true) String description,
      @Param(value = "When (RFC 3339); default now.", optional = true) String at) {}

  private final Changes changes;

  public RecordChangeTool(Changes changes) {
    this.changes = changes;
  }

  @Override
  public String name() {
    return "record_change";
  }

  @Override
  public String description() {
    return "Record a change to a service (deploy, config, flag, scale, other) so root-cause"
        + " analysis can weigh it. Needs metrics:write.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.METRICS_WRITE);
  }

  @Override
  public Hints hints() {
    return Hints.WRITE;
  }

  @Override
  public ChangeEvent call(ToolContext ctx, Input in) throws ToolFailure {
    Instant at = in.at() == null ? Instant.now() : TimeWindow.instant("at", in.at());
    return changes.record(
        ctx.caller().tenant(), in.service(), in.kind(), in.version(), in.description(), at);
  }
}
