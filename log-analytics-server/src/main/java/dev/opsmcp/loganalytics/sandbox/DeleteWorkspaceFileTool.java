package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/** Frees workspace space: deletes a log data file, a saved script or a finished run's files. */
final class DeleteWorkspaceFileTool implements Tool<DeleteWorkspaceFileTool.Input> {
  record Input(
      @Param(
              "logs/<file>.json (from get_raw_logs), scripts/<name>.py, or runs/<run_id> (a"
                  + " finished run's files; its record stays)")
          String path) {}

  record Output(String path, long bytes_freed) {}

  private final Workspaces workspaces;
  private final RunStore runs;

  DeleteWorkspaceFileTool(Workspaces workspaces, RunStore runs) {
    this.workspaces = workspaces;
    this.runs = runs;
  }

  @Override
  public String name() {
    return "delete_workspace_file";
  }

  @Override
  public String description() {
    return "Delete a log data file, a saved script or a finished run's files from your analysis"
        + " workspace, to free space under its byte cap. Returns bytes_freed.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.LOGS_READ, Scope.ANALYSIS_RUN);
  }

  @Override
  public Hints hints() {
    return new Hints(false, true, true, false);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    Path target = workspaces.resolve(tenant, "path", in.path());
    Path relative = workspaces.tenantDir(tenant).relativize(target);
    if (relative.getNameCount() != 2
        || !Workspaces.AREAS.contains(relative.getName(0).toString())) {
      throw new ToolFailure(
          "path "
              + Echo.of(in.path())
              + " is refused: name one log data file (logs/<file>.json), one script"
              + " (scripts/<name>.py) or one run (runs/<run_id>)");
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure(
          "path " + Echo.of(in.path()) + " does not exist in your workspace; nothing was deleted");
    }
    if (relative.getName(0).toString().equals("runs")
        && runs.find(tenant, relative.getName(1).toString()).isEmpty()) {
      throw new ToolFailure(
          "run '" + relative.getName(1) + "' is still running: delete it once it has finished");
    }
    long bytes = WorkspaceQuota.bytes(target);
    try {
      FileTrees.delete(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + target, e);
    }
    return new Output(workspaces.handle(tenant, target), bytes);
  }
}
