package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The agent's view end to end: {@code scripts/opsmcp demo} loads the demo incident, then the real
 * Claude Agent SDK ({@code e2e/agent-sdk}, its bundled CLI) works it through the four servers,
 * three over streamable HTTP and log-analytics over SSE, against a scripted stand-in of the
 * Messages API. The human answers a question and approves the rollback through the messaging REST
 * API while the agent waits. Needs Node 20+ and npm; skipped without them unless CI=true.
 */
class AgentSdkIT {
  private static final Path PROJECT = Commands.ROOT.resolve("e2e/agent-sdk");
  private static final List<String> SERVERS =
      List.of("monitoring", "orchestration", "log-analytics", "messaging");

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void agentSdk_worksTheDemoIncidentThroughAllFourServers() throws Exception {
    Commands.requireNode("the Claude Agent SDK end-to-end test");
    if (!Files.exists(
        PROJECT.resolve("node_modules/@anthropic-ai/claude-agent-sdk/package.json"))) {
      // Optional dependencies stay in: the SDK's CLI binary is one.
      Commands.Result install =
          Commands.run(PROJECT, Map.of(), Duration.ofMinutes(5), "npm", "ci", "--no-audit");
      assertThat(install.exit()).as("npm ci in %s:%n%s", PROJECT, install).isZero();
    }
    Path dir = Files.createTempDirectory("opsmcp-e2e-");
    Path runbooks = dir.resolve("runbooks.yaml");
    Files.writeString(runbooks, "runbooks: []\n");
    try (FourServers servers =
        FourServers.start(Map.of("OPSMCP_RUNBOOKS_FILE", runbooks.toString()))) {
      Map<String, String> env = DemoIT.demoEnv(servers, runbooks);
      try {
        DemoIT.demo(env);
        List<String> command = new ArrayList<>(List.of("node", "run.mjs"));
        SERVERS.forEach(s -> command.add(s + "=" + servers.url(s)));
        Commands.Result run =
            Commands.run(
                PROJECT,
                Map.of("OPSMCP_API_KEY", servers.key, "OPSMCP_HUMAN_KEY", servers.humanKey),
                Duration.ofMinutes(8),
                command);
        System.out.print(run.stdout());
        assertThat(run.exit()).as("run.mjs:%n%s", run).isZero();
        for (String server : SERVERS) {
          assertThat(run.stdout()).contains("ok   " + server + " connected");
        }
        assertThat(run.stdout())
            .contains(
                "ok   the scripted investigation finished",
                "ok   a question was answered through the messaging REST API",
                "ok   the rollback was approved",
                "ok   postmortem of incident",
                " 0 failed");
        // The approved rollback really ran: the runbook's request reached the demo receiver.
        assertThat(Files.readString(Path.of(env.get("OPSMCP_DATA_DIR"), "run/demo-receiver.log")))
            .contains("POST /deploys/payments-api/rollback");
      } finally {
        Commands.run(Commands.ROOT, env, Duration.ofMinutes(1), "scripts/opsmcp", "demo", "stop");
      }
    }
  }
}
