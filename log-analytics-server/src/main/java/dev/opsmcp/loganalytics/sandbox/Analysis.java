package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.server.HealthCheck;
import dev.opsmcp.common.tool.Tool;
import java.util.List;

/**
 * The analysis feature wired together: workspaces, the probed sandbox, its tools and its health
 * check. {@link #start} probes the jail once; where it fails the tools refuse to run anything.
 */
public final class Analysis implements AutoCloseable {
  private final SandboxRunner runner;
  private final List<Tool<?>> tools;

  private Analysis(SandboxRunner runner, List<Tool<?>> tools) {
    this.runner = runner;
    this.tools = tools;
  }

  public static Analysis start(
      Database db,
      Cursors cursors,
      IncidentStore incidents,
      Workspaces workspaces,
      WorkspaceQuota quota,
      SandboxConfig config) {
    RunStore runs = new RunStore(db);
    SandboxRunner runner = new SandboxRunner(config, workspaces, runs);
    runner.probe();
    List<Tool<?>> tools =
        List.of(
            new SaveAnalysisScriptTool(workspaces, quota),
            new ExecuteAnalysisScriptTool(
                workspaces, quota, runner, runs, incidents, new Timeline(db), config),
            new ListAnalysisRunsTool(runs, cursors),
            new GetAnalysisRunTool(runs),
            new DeleteWorkspaceFileTool(workspaces, runs));
    return new Analysis(runner, tools);
  }

  public List<Tool<?>> tools() {
    return tools;
  }

  /** {@code /health} entry "analysis": degraded, with cause and fix, when the jail cannot run. */
  public HealthCheck healthCheck() {
    return new HealthCheck() {
      @Override
      public String name() {
        return "analysis";
      }

      @Override
      public Result check() {
        return runner
            .unavailable()
            .map(cause -> new Result(Status.DEGRADED, "unavailable: " + cause))
            .orElse(new Result(Status.OK, "bubblewrap jail verified at start"));
      }
    };
  }

  /** Releases the sandbox's uid range (other servers of this host or JVM may claim it). */
  @Override
  public void close() throws java.io.IOException {
    runner.close();
  }
}
