package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import dev.opsmcp.messaging.MessagingServer;
import dev.opsmcp.monitoring.MonitoringServer;
import dev.opsmcp.orchestration.OrchestrationServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The acceptance path of a TypeScript agent: the real {@code scripts/opsmcp key create} mints a
 * key, and the official TypeScript MCP client ({@code clients/ts-smoke}) uses it on all four
 * servers over {@code /mcp} and {@code /sse}. Needs Node 20+ and npm; skipped without them unless
 * CI=true. The CLI runs in another process, so on the embedded database it reaches the file this
 * JVM holds open through H2's AUTO_SERVER.
 */
class TypeScriptClientIT {
  private static final List<ServerSpec> SPECS =
      List.of(
          MonitoringServer.SPEC,
          OrchestrationServer.SPEC,
          LogAnalyticsServer.SPEC,
          MessagingServer.SPEC);
  private static final Path ROOT = Commands.ROOT;
  private static final Path SMOKE = ROOT.resolve("clients/ts-smoke");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void typeScriptClient_withCliKey_initializesListsAndCallsOnEveryServerAndTransport()
      throws Exception {
    Commands.requireNode("the TypeScript client acceptance test");
    DatabaseConfig config = TestDatabases.freshConfig();
    try (Database db = Database.open(config)) {
      List<TestServer> servers = TestServer.startAll(SPECS, Map.of(), db);
      try {
        String key = createKey(config);
        if (!Files.exists(SMOKE.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
          Commands.Result install =
              Commands.run(SMOKE, Map.of(), Duration.ofMinutes(3), "npm", "ci", "--no-audit");
          assertThat(install.exit()).as("npm ci in %s:%n%s", SMOKE, install).isZero();
        }
        List<String> command = new ArrayList<>(List.of("node", "smoke.mjs", "--tenant", "acme"));
        for (int i = 0; i < SPECS.size(); i++) {
          command.add(SPECS.get(i).name() + "=" + servers.get(i).baseUrl());
        }
        // The key goes by environment so that it stays out of process listings.
        Commands.Result smoke =
            Commands.run(SMOKE, Map.of("OPSMCP_API_KEY", key), Duration.ofMinutes(2), command);
        System.out.print(smoke.stdout());
        assertThat(smoke.exit()).as("smoke.mjs:%n%s", smoke).isZero();
        for (ServerSpec spec : SPECS) {
          for (String transport : List.of("streamable", "sse")) {
            assertThat(smoke.stdout().lines())
                .as("%s over %s", spec.name(), transport)
                .anyMatch(l -> l.startsWith("ok   " + spec.name() + " " + transport + " "));
          }
        }
        assertThat(smoke.stdout()).contains("8 passed, 0 failed");
      } finally {
        servers.forEach(TestServer::close);
      }
    }
  }

  /** Runs {@code scripts/opsmcp key create --tenant acme} on the servers' database. */
  private static String createKey(DatabaseConfig config) throws Exception {
    Map<String, String> env = TestDatabases.env(config);
    Commands.Result cli =
        Commands.run(
            ROOT,
            env,
            Duration.ofMinutes(2),
            "scripts/opsmcp",
            "key",
            "create",
            "--tenant",
            "acme");
    assertThat(cli.exit()).as("opsmcp key create:%n%s", cli).isZero();
    List<String> lines = cli.stdout().lines().toList();
    assertThat(lines).as("opsmcp key create printed nothing:%n%s", cli).isNotEmpty();
    String key = lines.getLast().strip();
    assertThat(key).as("last line of opsmcp key create").matches("opsmcp_[A-Za-z0-9]{40}");
    return key;
  }
}
