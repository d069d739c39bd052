package dev.opsmcp.dist;

import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import dev.opsmcp.messaging.MessagingServer;
import dev.opsmcp.monitoring.MonitoringServer;
import dev.opsmcp.orchestration.OrchestrationServer;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code all} four servers in one JVM (the embedded-database shape) or one named server (the
 * PostgreSQL shape: one process per server).
 */
public final class Launcher {
  static final Map<String, ServerSpec> SERVERS =
      Map.of(
          "monitoring", MonitoringServer.SPEC,
          "orchestration", OrchestrationServer.SPEC,
          "log-analytics", LogAnalyticsServer.SPEC,
          "messaging", MessagingServer.SPEC);

  private Launcher() {}

  public static void main(String[] args) {
    if (args.length != 1 || !(args[0].equals("all") || SERVERS.containsKey(args[0]))) {
      System.err.println("usage: Launcher all|monitoring|orchestration|log-analytics|messaging");
      System.exit(2);
    }
    List<ServerSpec> specs =
        args[0].equals("all")
            ? List.of(
                MonitoringServer.SPEC,
                OrchestrationServer.SPEC,
                LogAnalyticsServer.SPEC,
                MessagingServer.SPEC)
            : List.of(SERVERS.get(args[0]));
    Launch.run(Env.system(), specs);
  }
}
