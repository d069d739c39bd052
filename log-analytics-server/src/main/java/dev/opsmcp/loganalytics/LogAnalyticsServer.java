package dev.opsmcp.loganalytics;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.job.Retention;
import dev.opsmcp.common.job.RetentionTable;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerContext;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.loganalytics.ingest.LogIngest;
import dev.opsmcp.loganalytics.ingest.LogTableMaintenance;
import dev.opsmcp.loganalytics.ingest.LogWriter;
import dev.opsmcp.loganalytics.ingest.OtlpLogsServlet;
import dev.opsmcp.loganalytics.ingest.SimpleLogsServlet;
import dev.opsmcp.loganalytics.query.GetRawLogsTool;
import dev.opsmcp.loganalytics.sandbox.Analysis;
import dev.opsmcp.loganalytics.sandbox.WorkspaceCleanup;
import dev.opsmcp.loganalytics.sandbox.WorkspaceQuota;
import dev.opsmcp.loganalytics.sandbox.Workspaces;
import java.util.List;
import java.util.Set;

/** The log-analytics server: log ingest and retrieval, agent-written Python run in a sandbox. */
public final class LogAnalyticsServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "log-analytics",
          "OPSMCP_LOG_ANALYTICS_PORT",
          9003,
          List.of("log-analytics"),
          LogAnalyticsServer::start);

  private LogAnalyticsServer() {}

  static McpHost start(ServerContext ctx) throws Exception {
    ServerConfig config = ctx.config();
    Database db = ctx.db();
    LogAnalyticsConfig own = LogAnalyticsConfig.fromEnv(ctx.env());
    Workspaces workspaces = new Workspaces(config.database().dataDir().resolve("analytics"));
    WorkspaceQuota quota = new WorkspaceQuota(workspaces, own.workspaceMaxBytes());
    LogIngest ingest =
        new LogIngest(
            LogWriter.forDatabase(db),
            own.maxBatch(),
            own.maxIngestBytes(),
            own.ingestConcurrency());
    Analysis analysis =
        Analysis.start(db, ctx.cursors(), ctx.incidents(), workspaces, quota, own.sandbox());
    McpHost.Builder host =
        McpHost.builder(ctx)
            .accessScopes(Set.of(Scope.LOGS_READ, Scope.LOGS_WRITE, Scope.ANALYSIS_RUN))
            .instructions(
                "OpsMCP log-analytics: get_raw_logs fetches a bounded page of logs, and with"
                    + " export: true the whole match set as a file (log_data_path);"
                    + " execute_analysis_script runs your Python over that file in a sandbox and"
                    + " returns its output.")
            .servlet("/v1/logs", new OtlpLogsServlet(ingest), true)
            .servlet("/api/v1/logs", new SimpleLogsServlet(ingest), true)
            .healthCheck(analysis.healthCheck())
            .job(
                new Retention(
                    "log-retention",
                    db,
                    ctx.clock(),
                    own.retention(),
                    List.of(RetentionTable.byTenantAndTime("log_record"))))
            .job(new WorkspaceCleanup(workspaces, ctx.clock(), own.retention()))
            .onClose(analysis)
            .tool(
                new GetRawLogsTool(
                    db,
                    ctx.cursors(),
                    workspaces,
                    quota,
                    own.logDataCap(),
                    own.lineMax(),
                    ctx.clock()));
    analysis.tools().forEach(host::tool);
    LogTableMaintenance.forDatabase(db).ifPresent(host::job);
    return host.start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
