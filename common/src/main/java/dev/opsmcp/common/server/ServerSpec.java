package dev.opsmcp.common.server;

import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;

/** How to start one of the four servers: its name, port variable and default port, and wiring. */
public record ServerSpec(String name, String portVariable, int defaultPort, Factory factory) {
  /** Builds and starts the server; tests call it with port 0. */
  @FunctionalInterface
  public interface Factory {
    McpHost start(ServerConfig config, Database db) throws Exception;
  }
}
