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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Starts {@code all} four servers in one JVM (the embedded-database shape) or one named server (the
 * PostgreSQL shape: one process per server).
 */
public final class Launcher {
  /** Every server of this distribution, in start order. */
  static final List<ServerSpec> ALL =
      List.of(
          MonitoringServer.SPEC,
          OrchestrationServer.SPEC,
          LogAnalyticsServer.SPEC,
          MessagingServer.SPEC);

  static final Map<String, ServerSpec> SERVERS =
      ALL.stream().collect(Collectors.toMap(ServerSpec::name, Function.identity()));

  private Launcher() {}

  public static void main(String[] args) {
    if (args.length != 1 || !(args[0].equals("all") || SERVERS.containsKey(args[0]))) {
      System.err.println("usage: Launcher all|monitoring|orchestration|log-analytics|messaging");
      System.exit(2);
    }
    H2ConnectRetries.lower();
    List<ServerSpec> specs = args[0].equals("all") ? ALL : List.of(SERVERS.get(args[0]));
    Launch.run(Env.system(), specs);
  }
}
