package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.messaging.MessagingServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for 30 s under light load, then started, while a messaging server process
 * keeps running: during the outage {@code /health} says down and tools answer a retryable isError
 * within seconds; afterwards the same server and the same MCP session recover, and a question asked
 * before the outage is answered and wakes its waiter. It stops the shared cluster, so it runs only
 * when asked ({@code bench/db-outage.sh}, which sets {@code OPSMCP_OUTAGE_CLUSTER}), alone.
 */
class DatabaseOutageIT {
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  /** One call during the outage: when it started (ms after the stop), its latency and answer. */
  record Sample(long atMillis, long millis, String outcome) {}

  @Test
  void postgresStopped30s_toolsSayRetry_healthSaysDown_thenRecoversWithoutRestart()
      throws Exception {
    String cluster = System.getenv("OPSMCP_OUTAGE_CLUSTER");
    Assumptions.assumeTrue(
        TestDatabases.kind() == DatabaseKind.POSTGRESQL && cluster != null,
        "stops the PostgreSQL cluster for 30 s: run it alone with bench/db-outage.sh");
    DatabaseConfig config = TestDatabases.freshConfig();
    List<String> keys =
        TestDatabases.seedKeys(
            config, "acme", List.of(Set.of(Scope.MESSAGING_AGENT), Set.of(Scope.MESSAGING_HUMAN)));
    String agentKey = keys.get(0);
    String humanKey = keys.get(1);
    ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    AtomicBoolean loadOn = new AtomicBoolean(true);
    List<Sample> load = new CopyOnWriteArrayList<>();
    List<Sample> health = new ArrayList<>();
    List<Sample> waits = new ArrayList<>();
    try (ChildServer server =
            ChildServer.start(
                    MessagingServer.class.getName(),
                    "OPSMCP_MESSAGING_PORT",
                    TestDatabases.env(config))
                .awaitHealthy(Duration.ofSeconds(120));
        AgentClient agent = new AgentClient(server.baseUrl(), agentKey)) {
      Map<String, Object> asked =
          agent.call("ask_question", Map.of("question", "restart the primary?", "wait_seconds", 0));
      String question = (String) asked.get("question_id");
      AtomicLong stoppedAt = new AtomicLong();
      background.submit(() -> steps(agent, loadOn, load, stoppedAt));
      Thread.sleep(1_000);

      pg(cluster, "stop");
      stoppedAt.set(System.nanoTime());
      try {
        while (sinceMillis(stoppedAt.get()) < OUTAGE.toMillis()) {
          health.add(probe(stoppedAt.get(), () -> health(server)));
          waits.add(
              probe(
                  stoppedAt.get(),
                  () ->
                      outcome(
                          agent.raw(
                              "wait_for_answer",
                              Map.of("question_id", question, "wait_seconds", 1)))));
          Thread.sleep(1_000);
        }
      } finally {
        pg(cluster, "start");
      }
      long startedAt = System.nanoTime();
      System.out.println("[outage] /health during the outage: " + health);
      System.out.println("[outage] wait_for_answer during the outage: " + waits);

      // Recovery: the same process, the same MCP session.
      awaitHealthy(server);
      long healthyMillis = sinceMillis(startedAt);
      CompletableFuture<Map<String, Object>> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  agent.call(
                      "wait_for_answer", Map.of("question_id", question, "wait_seconds", 30)),
              background);
      Thread.sleep(1_000);
      long answeredAt = System.nanoTime();
      HttpResponse<String> answer =
          Http.postJson(
              server.baseUrl() + "/api/v1/questions/" + question + "/answer",
              Json.write(Map.of("answer", "no, fail over")),
              "Authorization",
              Http.bearer(humanKey));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      Map<String, Object> answered = waiting.get(15, TimeUnit.SECONDS);
      long wokenMillis = sinceMillis(answeredAt);
      loadOn.set(false);
      System.out.printf(
          "[outage] healthy %d ms after PostgreSQL started; the waiter woke %d ms after the answer%n",
          healthyMillis, wokenMillis);
      System.out.println("[outage] log_step under load: " + summary(load));

      assertThat(answered)
          .containsEntry("status", "answered")
          .containsEntry("answer", "no, fail over");
      // Woken by NOTIFY on the re-established LISTEN connection, not by the 5 s re-read.
      assertThat(wokenMillis).isLessThan(3_000);
      List<Sample> down = health.stream().filter(s -> s.atMillis() >= 7_000).toList();
      assertThat(down)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.outcome()).startsWith("503").contains("down"));
      assertThat(health).allSatisfy(s -> assertThat(s.millis()).isLessThan(6_000));
      List<Sample> refused = waits.stream().filter(s -> s.atMillis() >= 7_000).toList();
      assertThat(refused)
          .isNotEmpty()
          .allSatisfy(
              s ->
                  assertThat(s.outcome())
                      .startsWith("isError")
                      .contains("retry in a few seconds")
                      .doesNotContain("Exception", "at dev.", "at java."));
      // One wait for a connection (5 s), not one per database touch.
      assertThat(waits).allSatisfy(s -> assertThat(s.millis()).isLessThan(8_000));
      assertThat(load).allSatisfy(s -> assertThat(s.outcome()).doesNotStartWith("threw"));
      assertThat(load.getLast().outcome()).isEqualTo("ok");
    } finally {
      loadOn.set(false);
      background.shutdownNow();
    }
  }

  /** Light load: a log_step every 250 ms, each outcome kept (ms after the stop, 0 before it). */
  private static void steps(
      AgentClient agent, AtomicBoolean on, List<Sample> samples, AtomicLong stoppedAt) {
    for (int i = 0; on.get(); i++) {
      int n = i;
      samples.add(
          probe(
              stoppedAt.get(), () -> outcome(agent.raw("log_step", Map.of("step", "step " + n)))));
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @FunctionalInterface
  private interface Call {
    String run() throws Exception;
  }

  private static Sample probe(long stoppedAt, Call call) {
    long at = stoppedAt == 0 ? 0 : sinceMillis(stoppedAt);
    long start = System.nanoTime();
    String outcome;
    try {
      outcome = call.run();
    } catch (Exception e) {
      outcome = "threw " + e;
    }
    return new Sample(at, sinceMillis(start), outcome);
  }

  private static String outcome(McpSchema.CallToolResult r) {
    return Boolean.TRUE.equals(r.isError()) ? "isError: " + AgentClient.text(r) : "ok";
  }

  private static String health(ChildServer server) {
    HttpResponse<String> r = Http.get(server.baseUrl() + "/health");
    return r.statusCode() + " " + r.body();
  }

  private static void awaitHealthy(ChildServer server) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!health(server).startsWith("200")) {
      assertThat(System.nanoTime()).as("healthy within 60 s of the restart").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static String summary(List<Sample> samples) {
    long ok = samples.stream().filter(s -> s.outcome().equals("ok")).count();
    long retry = samples.stream().filter(s -> s.outcome().startsWith("isError")).count();
    long slowest = samples.stream().mapToLong(Sample::millis).max().orElse(0);
    return samples.size()
        + " calls: "
        + ok
        + " ok, "
        + retry
        + " retryable isError, "
        + (samples.size() - ok - retry)
        + " other; slowest "
        + slowest
        + " ms";
  }

  private static void pg(String cluster, String action) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect"));
    cmd.addAll(List.of(cluster.split(" ")));
    cmd.add(action);
    Commands.Result r = Commands.run(Commands.ROOT, Map.of(), Duration.ofSeconds(90), cmd);
    System.out.println("[outage] pg_ctlcluster " + cluster + " " + action + ": exit " + r.exit());
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  private static long sinceMillis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
