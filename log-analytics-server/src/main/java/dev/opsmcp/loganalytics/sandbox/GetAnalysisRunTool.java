package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;

/** One finished analysis run of the caller's tenant, as execute_analysis_script returned it. */
final class GetAnalysisRunTool implements Tool<GetAnalysisRunTool.Input> {
  record Input(@Param("run_id from execute_analysis_script or list_analysis_runs") String run_id) {}

  private final RunStore runs;

  GetAnalysisRunTool(RunStore runs) {
    this.runs = runs;
  }

  @Override
  public String name() {
    return "get_analysis_run";
  }

  @Override
  public String description() {
    return "Get a finished analysis run by run_id: status, exit code, capped stdout/stderr,"
        + " parsed out/result.json and the files it wrote.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.ANALYSIS_RUN);
  }

  @Override
  public AnalysisRun call(ToolContext ctx, Input in) throws ToolFailure {
    return runs.find(ctx.caller().tenant(), in.run_id().strip())
        .orElseThrow(
            () ->
                new ToolFailure(
                    "analysis run "
                        + Echo.of(in.run_id())
                        + " not found; list_analysis_runs shows your runs"));
  }
}
