package dev.opsmcp.common.server;

import java.util.List;

/**
 * How to start one of the servers: its name, port variable and default port, the migration modules
 * it owns ({@code db/<module>/…}, applied after {@code common}'s by {@link Launch} and {@code
 * opsmcp migrate}), and its wiring.
 */
public record ServerSpec(
    String name, String portVariable, int defaultPort, List<String> migrations, Factory factory) {
  public ServerSpec {
    migrations = List.copyOf(migrations);
  }

  /** Builds and starts the server from the process's shared resources; tests use port 0. */
  @FunctionalInterface
  public interface Factory {
    McpHost start(ServerContext ctx) throws Exception;
  }
}
