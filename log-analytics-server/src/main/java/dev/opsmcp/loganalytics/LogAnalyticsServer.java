package dev.opsmcp.loganalytics;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import java.util.List;
import java.util.Set;

/** The log-analytics server: log retrieval and agent-written Python analysis run in a sandbox. */
public final class LogAnalyticsServer {
  public static final ServerSpec SPEC =
      new ServerSpec("log-analytics", "OPSMCP_LOG_ANALYTICS_PORT", 9003, LogAnalyticsServer::start);

  private LogAnalyticsServer() {}

  public static McpHost start(ServerConfig config, Database db) throws Exception {
    return McpHost.builder(config, db)
        .accessScopes(Set.of(Scope.LOGS_READ, Scope.LOGS_WRITE, Scope.ANALYSIS_RUN))
        .instructions(
            "OpsMCP log-analytics server. Log retrieval and agent-written Python analysis run in a sandbox.")
        .start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
