package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.orchestration.Receiver;
import dev.opsmcp.orchestration.RemediationScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code RemediationIT}'s approval scenarios against real server processes, each started from the
 * built distribution as {@code scripts/start-servers.sh} starts it ({@code java -cp
 * dist/target/opsmcp/lib/* dev.opsmcp.dist.Launcher NAME}). On PostgreSQL: two orchestration
 * processes and one messaging process on one database. On the embedded database: one process
 * hosting all four servers (that shape's deployment), and the two-process scenario is skipped.
 */
class RemediationProcessesIT {
  /**
   * Distinct ports for every process and server the test starts (taken together, never repeated).
   */
  private static final java.util.Iterator<Integer> FREE_PORTS = ChildServer.freePorts(6).iterator();

  private static final Path LIB = Commands.ROOT.resolve("dist/target/opsmcp/lib");
  private static final Duration START = Duration.ofMinutes(2);
  private static final boolean POSTGRESQL = TestDatabases.kind() == DatabaseKind.POSTGRESQL;

  static Receiver target;
  static final List<ChildServer> processes = new ArrayList<>();
  static AgentClient agent;
  static AgentClient replica;
  static RemediationScenarios scenarios;

  @BeforeAll
  static void start() throws Exception {
    try (var jars = Files.newDirectoryStream(LIB, "dist-*.jar")) {
      assertThat(jars).as("the built distribution in %s (mvn package)", LIB).isNotEmpty();
    }
    target = new Receiver(0);
    DatabaseConfig config = TestDatabases.freshConfig();
    String agentKey;
    String humanKey;
    try (Database db = Database.open(config)) {
      // as `opsmcp migrate` and `opsmcp key create` prepare a deployment
      Migrations.migrateAll(db, Launch.migrationModules(Launcher.ALL));
      new Tenants(db).create("acme");
      ApiKeys keys = new ApiKeys(db, Duration.ZERO);
      agentKey = keys.create("acme", "agent", Scope.AGENT_DEFAULT).secret();
      humanKey = keys.create("acme", "alice", EnumSet.of(Scope.MESSAGING_HUMAN)).secret();
    }
    Map<String, String> env = new HashMap<>(TestDatabases.env(config));
    env.putAll(RemediationScenarios.env(target.url()));
    String messagingUrl;
    if (POSTGRESQL) {
      ChildServer first = launch("orchestration", "OPSMCP_ORCHESTRATION_PORT", env);
      ChildServer second = launch("orchestration", "OPSMCP_ORCHESTRATION_PORT", env);
      ChildServer messaging = launch("messaging", "OPSMCP_MESSAGING_PORT", env);
      for (ChildServer p : processes) {
        p.awaitHealthy(START);
      }
      agent = new AgentClient(first.baseUrl(), agentKey);
      replica = new AgentClient(second.baseUrl(), agentKey);
      messagingUrl = messaging.baseUrl();
    } else {
      for (String other :
          List.of("OPSMCP_MONITORING_PORT", "OPSMCP_LOG_ANALYTICS_PORT", "OPSMCP_MESSAGING_PORT")) {
        env.put(other, Integer.toString(FREE_PORTS.next()));
      }
      ChildServer all = launch("all", "OPSMCP_ORCHESTRATION_PORT", env).awaitHealthy(START);
      messagingUrl = "http://127.0.0.1:" + env.get("OPSMCP_MESSAGING_PORT");
      awaitHealthy(messagingUrl, all); // the process starts messaging last
      agent = new AgentClient(all.baseUrl(), agentKey);
    }
    scenarios = new RemediationScenarios(agent, replica, messagingUrl, humanKey, "alice", target);
  }

  private static void awaitHealthy(String url, ChildServer process) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Http.get(url + "/health").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(url + " not healthy in " + START + ":\n" + process.log());
  }

  private static ChildServer launch(String server, String portVariable, Map<String, String> env) {
    ChildServer p =
        ChildServer.launch(
            LIB + "/*",
            List.of(Launcher.class.getName(), server),
            portVariable,
            FREE_PORTS.next(),
            env);
    processes.add(p);
    return p;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AgentClient a : new AgentClient[] {agent, replica}) {
      if (a != null) {
        a.close();
      }
    }
    for (ChildServer p : processes) {
      p.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void highRisk_waitsForApproval_thenRunsOnce_withTheApproverOnTheTimeline() {
    scenarios.highRisk_waitsForApproval_thenRunsExactlyOnce_withTheApproverOnTheTimeline();
  }

  @Test
  void denied_neverRuns() {
    scenarios.denied_neverRuns();
  }

  @Test
  void commandRunbook_parametersAreWholeArguments_neverAShell() {
    scenarios.commandParametersAreWholeArguments_shellSyntaxIsInert_newlineRefused();
  }

  @Test
  void approvedRuns_executeExactlyOnce_acrossTwoOrchestrationProcesses() {
    Assumptions.assumeTrue(
        POSTGRESQL,
        "two orchestration processes share a database only on PostgreSQL (one process per H2"
            + " file: the embedded shape runs the servers in one JVM); set "
            + TestDatabases.ENV
            + " to run this");
    scenarios.approvedRuns_executeExactlyOnce_acrossTwoReplicas();
  }
}
