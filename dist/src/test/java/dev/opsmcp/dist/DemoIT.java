package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestDatabases;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/opsmcp demo} against the four servers in this JVM: what it loads is there through
 * the public APIs and the agent's tools, the alert opened an incident whose notification reached
 * the demo receiver, and a second run adds nothing.
 */
class DemoIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void demo_loadsTheIncidentThroughThePublicEndpoints_andARerunDuplicatesNothing()
      throws Exception {
    Path dir = Files.createTempDirectory("opsmcp-demo-");
    Path runbooks = dir.resolve("runbooks.yaml");
    Files.writeString(runbooks, "# as start-servers.sh writes it\nrunbooks: []\n");
    try (FourServers servers =
        FourServers.start(Map.of("OPSMCP_RUNBOOKS_FILE", runbooks.toString()))) {
      Map<String, String> env = demoEnv(servers, runbooks);
      try {
        Commands.Result first = demo(env);
        assertThat(first.stdout()).contains("sent ", "metric points", "log records");
        Snapshot loaded = snapshot(servers);
        assertThat(loaded.services())
            .containsExactlyInAnyOrder(
                "frontend", "checkout", "payments-api", "inventory", "postgres");
        assertThat(loaded.changes()).isEqualTo(1);
        assertThat(loaded.incidents()).isEqualTo(1);
        assertThat(loaded.runbooks()).containsExactlyInAnyOrder("rollback-deploy", "deploy-status");
        assertThat(loaded.channels()).isEqualTo(1);
        assertThat(loaded.logs()).isGreaterThan(1_000);

        try (AgentClient agent = new AgentClient(servers.url("monitoring"), servers.key)) {
          Map<String, Object> rca =
              agent.call("root_cause_analysis", Map.of("service", "frontend", "window", "1h"));
          assertThat(JSON.valueToTree(rca).path("candidates").path(0).path("service").asString())
              .as("root_cause_analysis: %s", rca)
              .isEqualTo("payments-api");
        }
        Path receiverLog = Path.of(env.get("OPSMCP_DATA_DIR"), "run/demo-receiver.log");
        awaitContains(receiverLog, "POST /notify");

        Commands.Result second = demo(env);
        assertThat(second.stdout()).contains("already loaded", "already added", "already running");
        assertThat(snapshot(servers)).isEqualTo(loaded);

        Commands.Result stop =
            Commands.run(
                Commands.ROOT, env, Duration.ofMinutes(1), "scripts/opsmcp", "demo", "stop");
        assertThat(stop.stdout()).as("demo stop: %s", stop).contains("stopped the demo receiver");
      } finally {
        Commands.run(Commands.ROOT, env, Duration.ofMinutes(1), "scripts/opsmcp", "demo", "stop");
      }
    }
  }

  static Map<String, String> demoEnv(FourServers servers, Path runbooks) throws Exception {
    Map<String, String> env = new HashMap<>(TestDatabases.env(servers.config()));
    env.put("OPSMCP_MONITORING_PORT", port(servers, "monitoring"));
    env.put("OPSMCP_ORCHESTRATION_PORT", port(servers, "orchestration"));
    env.put("OPSMCP_LOG_ANALYTICS_PORT", port(servers, "log-analytics"));
    env.put("OPSMCP_MESSAGING_PORT", port(servers, "messaging"));
    env.put("OPSMCP_RUNBOOKS_FILE", runbooks.toString());
    try (ServerSocket s = new ServerSocket(0)) {
      env.put("OPSMCP_DEMO_RECEIVER_PORT", Integer.toString(s.getLocalPort()));
    }
    return env;
  }

  static Commands.Result demo(Map<String, String> env) throws Exception {
    Commands.Result r =
        Commands.run(
            Commands.ROOT,
            env,
            Duration.ofMinutes(3),
            "scripts/opsmcp",
            "demo",
            "--tenant",
            "acme");
    System.out.print(r.stdout());
    assertThat(r.exit()).as("opsmcp demo:%n%s", r).isZero();
    return r;
  }

  private static String port(FourServers servers, String name) {
    return Integer.toString(servers.byName.get(name).port());
  }

  record Snapshot(
      List<String> services,
      int changes,
      int incidents,
      List<String> runbooks,
      int channels,
      long logs) {}

  private static Snapshot snapshot(FourServers s) throws Exception {
    String auth = Http.bearer(s.key);
    JsonNode services = read(s.url("monitoring") + "/api/v1/services", auth);
    JsonNode changes =
        read(
            s.url("monitoring") + "/api/v1/changes?service=payments-api&since=2000-01-01T00:00:00Z",
            auth);
    JsonNode incidents = read(s.url("orchestration") + "/api/v1/incidents", auth);
    JsonNode runbooks = read(s.url("orchestration") + "/api/v1/runbooks", auth);
    JsonNode channels = read(s.url("orchestration") + "/api/v1/channels", auth);
    long logs;
    try (AgentClient agent = new AgentClient(s.url("log-analytics"), s.key)) {
      Map<String, Object> raw = agent.call("get_raw_logs", Map.of("window", "2h"));
      logs = JSON.valueToTree(raw).path("total").asLong(-1);
      if (logs < 0) {
        logs = JSON.valueToTree(raw).toString().length();
      }
    }
    return new Snapshot(
        names(services.path("services"), "name"),
        changes.path("changes").size(),
        incidents.path("items").size(),
        names(runbooks.path("runbooks"), "name"),
        channels.path("items").size(),
        logs);
  }

  private static List<String> names(JsonNode list, String field) {
    return java.util.stream.StreamSupport.stream(list.spliterator(), false)
        .map(n -> n.path(field).asString())
        .toList();
  }

  private static JsonNode read(String url, String auth) throws Exception {
    var r = Http.get(url, "Authorization", auth);
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static void awaitContains(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readString(file).contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(Files.exists(file) ? Files.readString(file) : "(no " + file + ")").contains(text);
  }
}
