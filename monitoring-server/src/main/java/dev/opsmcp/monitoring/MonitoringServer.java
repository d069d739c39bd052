package dev.opsmcp.monitoring;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerContext;
import dev.opsmcp.common.server.ServerSpec;
import java.util.List;
import java.util.Set;

/**
 * The monitoring server: metrics, log patterns, root-cause analysis and health verification for the
 * services in an incident.
 */
public final class MonitoringServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "monitoring", "OPSMCP_MONITORING_PORT", 9001, List.of(), MonitoringServer::start);

  private MonitoringServer() {}

  public static McpHost start(ServerContext ctx) throws Exception {
    return McpHost.builder(ctx)
        .accessScopes(Set.of(Scope.MONITORING_READ))
        .instructions(
            "OpsMCP monitoring server. Metrics, log patterns, root-cause analysis and health verification for the services in an incident.")
        .start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
