package dev.opsmcp.messaging;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import java.util.List;
import java.util.Set;

/**
 * The messaging server: agent-to-human messaging: progress steps, questions that wait for answers,
 * approvals.
 */
public final class MessagingServer {
  public static final ServerSpec SPEC =
      new ServerSpec("messaging", "OPSMCP_MESSAGING_PORT", 9004, MessagingServer::start);

  private MessagingServer() {}

  public static McpHost start(ServerConfig config, Database db) throws Exception {
    return McpHost.builder(config, db)
        .accessScopes(Set.of(Scope.MESSAGING_AGENT, Scope.MESSAGING_HUMAN))
        .instructions(
            "OpsMCP messaging server. Agent-to-human messaging: progress steps, questions that wait for answers, approvals.")
        .start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
