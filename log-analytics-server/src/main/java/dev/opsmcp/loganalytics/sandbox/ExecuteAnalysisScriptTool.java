package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Runs a saved or inline Python script in the sandbox over an optional log data file. */
final class ExecuteAnalysisScriptTool implements Tool<ExecuteAnalysisScriptTool.Input> {
  record Input(
      @Param(value = "Handle from save_analysis_script (or give code)", optional = true)
          String script_path,
      @Param(value = "Python 3 source to run inline (or give script_path)", optional = true)
          String code,
      @Param(
              value =
                  "Handle from get_raw_logs; mounted read-only at input.json (env LOG_DATA_PATH)",
              optional = true)
          String log_data_path,
      @Param(value = "Wall-clock limit in seconds (default 60)", optional = true)
          Integer timeout_seconds,
      @Param(
              value = "Incident this analysis belongs to: its id or reference (17 or INC-42)",
              optional = true)
          String incident_id) {}

  private final Workspaces workspaces;
  private final WorkspaceQuota quota;
  private final SandboxRunner runner;
  private final RunStore runs;
  private final IncidentStore incidents;
  private final Timeline timeline;
  private final SandboxConfig config;

  ExecuteAnalysisScriptTool(
      Workspaces workspaces,
      WorkspaceQuota quota,
      SandboxRunner runner,
      RunStore runs,
      IncidentStore incidents,
      Timeline timeline,
      SandboxConfig config) {
    this.workspaces = workspaces;
    this.quota = quota;
    this.runs = runs;
    this.runner = runner;
    this.incidents = incidents;
    this.timeline = timeline;
    this.config = config;
  }

  @Override
  public String name() {
    return "execute_analysis_script";
  }

  @Override
  public String description() {
    return "Run Python 3 (script_path or inline code) in a sandbox: no network, read-only system,"
        + " cwd /workspace, the log data file at input.json (a JSON array of {ts, service, level,"
        + " message, attributes, trace_id, span_id}), only out/ writable. Write a JSON summary to"
        + " out/result.json to get it back parsed. Returns run_id, status (ok, error, timeout,"
        + " limit_exceeded), exit_code, duration, capped stdout/stderr, result and out/ files.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return Hints.WRITE;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.ANALYSIS_RUN);
  }

  @Override
  public AnalysisRun call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    if ((in.script_path() == null) == (in.code() == null)) {
      throw new ToolFailure("give exactly one of script_path and code");
    }
    int timeout =
        in.timeout_seconds() == null ? config.defaultTimeoutSeconds() : in.timeout_seconds();
    if (timeout < 1 || timeout > config.maxTimeoutSeconds()) {
      throw new ToolFailure("timeout_seconds must be 1 to " + config.maxTimeoutSeconds());
    }
    Long incidentId = incidents.idIfGiven(tenant, in.incident_id());
    // A run keeps its script, stdout/stderr and out/ (up to OPSMCP_ANALYSIS_MAX_OUT_MB).
    quota.room(tenant, 1, "another analysis run", "");
    Path input = null;
    String inputHandle = null;
    if (in.log_data_path() != null) {
      input = settledFile(tenant, "log_data_path", in.log_data_path());
      inputHandle = workspaces.handle(tenant, input);
    }
    Path script;
    String scriptHandle;
    if (in.script_path() != null) {
      script = settledFile(tenant, "script_path", in.script_path());
      scriptHandle = workspaces.handle(tenant, script);
    } else {
      StoredText.require("code", in.code());
      if (in.code().length() > SaveAnalysisScriptTool.MAX_CODE_CHARS) {
        throw new ToolFailure("code is over " + SaveAnalysisScriptTool.MAX_CODE_CHARS + " chars");
      }
      script = inlineScript(tenant, in.code());
      scriptHandle = null; // the run names its own copy
    }
    try {
      AnalysisRun run =
          runner.run(
              new SandboxRunner.Request(
                  tenant, script, scriptHandle, input, inputHandle, timeout, incidentId));
      if (incidentId != null) { // the incident's timeline shows what was analysed for it
        timeline.add(
            tenant,
            incidentId,
            new NewEvent(
                "analysis_run",
                "Analysis run "
                    + run.run_id()
                    + ": "
                    + run.status()
                    + (run.exit_code() == null ? "" : ", exit code " + run.exit_code())
                    + ", "
                    + run.duration_ms()
                    + " ms",
                "log-analytics",
                ctx.caller().credentialId(),
                run.run_id(),
                null));
      }
      return run;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolFailure("the run was interrupted (server shutting down); retry");
    } finally {
      if (in.code() != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException ignored) {
          // a leftover temp script is harmless
        }
      }
    }
  }

  /**
   * A workspace file that nothing changes any more. A running script can swap the files of its own
   * out/ for links between our check and our use, so those are refused until its run is recorded.
   */
  private Path settledFile(String tenant, String argument, String handle) throws ToolFailure {
    Path file = workspaces.existingFile(tenant, argument, handle);
    Path relative = workspaces.tenantDir(tenant).relativize(file);
    if (relative.getName(0).toString().equals("runs")
        && runs.find(tenant, relative.getName(1).toString()).isEmpty()) {
      throw new ToolFailure(
          argument
              + " '"
              + handle
              + "' belongs to run "
              + relative.getName(1)
              + ", which is still running: pass it once that run has finished");
    }
    return file;
  }

  private Path inlineScript(String tenant, String code) {
    try {
      Path dir = workspaces.tenantDir(tenant).resolve("scripts");
      Path tmp = Files.createTempFile(dir, ".inline-", ".py");
      Files.writeString(tmp, code, StandardCharsets.UTF_8);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
