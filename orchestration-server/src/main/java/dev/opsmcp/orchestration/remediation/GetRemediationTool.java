package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;

/** Where a remediation run stands: waiting for approval, running, or how it ended. */
public final class GetRemediationTool implements Tool<GetRemediationTool.Input> {
  public record Input(@Param("The run_id execute_remediation returned.") String runId) {}

  private final Remediations remediations;

  public GetRemediationTool(Remediations remediations) {
    this.remediations = remediations;
  }

  @Override
  public String name() {
    return "get_remediation";
  }

  @Override
  public String description() {
    return "A remediation run: status (pending_approval, running, succeeded, failed, timed_out,"
        + " denied, expired), who asked and approved, what ran, output and exit status.";
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
  public RunView call(ToolContext ctx, Input in) throws ToolFailure {
    return RunView.of(remediations.get(ctx.caller().tenant(), in.runId()), false);
  }
}
