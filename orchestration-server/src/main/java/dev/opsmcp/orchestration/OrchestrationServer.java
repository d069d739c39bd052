package dev.opsmcp.orchestration;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerContext;
import dev.opsmcp.common.server.ServerSpec;
import java.util.List;
import java.util.Set;

/**
 * The orchestration server: incident lifecycle and timeline, remediation runs with approvals,
 * postmortems and team notifications.
 */
public final class OrchestrationServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "orchestration",
          "OPSMCP_ORCHESTRATION_PORT",
          9002,
          List.of(),
          OrchestrationServer::start);

  private OrchestrationServer() {}

  public static McpHost start(ServerContext ctx) throws Exception {
    return McpHost.builder(ctx)
        .accessScopes(
            Set.of(Scope.INCIDENTS_READ, Scope.INCIDENTS_WRITE, Scope.REMEDIATION_EXECUTE))
        .instructions(
            "OpsMCP orchestration server. Incident lifecycle and timeline, remediation runs with approvals, postmortems and team notifications.")
        .start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
