package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two messaging processes on one PostgreSQL: a question asked through A and answered through B's
 * REST API returns to the agent waiting on A within a second (LISTEN/NOTIFY, no polling).
 */
class ScaleOutIT {
  @Test
  void answerThroughProcessB_wakesTheAgentWaitingOnProcessA() throws Exception {
    Assumptions.assumeTrue(
        TestDatabases.kind() == DatabaseKind.POSTGRESQL,
        "two processes share a database only on PostgreSQL; set "
            + TestDatabases.ENV
            + " to run this");
    DatabaseConfig config = TestDatabases.freshConfig();
    List<String> keys =
        TestDatabases.seedKeys(
            config, "acme", List.of(Set.of(Scope.MESSAGING_AGENT), Set.of(Scope.MESSAGING_HUMAN)));
    String agentKey = keys.get(0);
    String humanKey = keys.get(1);
    Map<String, String> env = TestDatabases.env(config);
    ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    try (ChildServer a =
            ChildServer.start(MessagingServer.class.getName(), "OPSMCP_MESSAGING_PORT", env);
        ChildServer b =
            ChildServer.start(MessagingServer.class.getName(), "OPSMCP_MESSAGING_PORT", env);
        Agent agent = new Agent(a.awaitHealthy(Duration.ofSeconds(60)).baseUrl(), agentKey)) {
      Human human = new Human(b.awaitHealthy(Duration.ofSeconds(60)).baseUrl(), humanKey);
      for (int round = 0; round < 3; round++) {
        String session =
            (String) agent.call("log_step", Map.of("step", "round " + round)).get("session_id");
        CompletableFuture<Long> returnedAt = new CompletableFuture<>();
        CompletableFuture<Map<String, Object>> asked =
            CompletableFuture.supplyAsync(
                () -> {
                  Map<String, Object> r =
                      agent.call(
                          "ask_question",
                          Map.of("question", "go?", "session_id", session, "wait_seconds", 30));
                  returnedAt.complete(System.nanoTime());
                  return r;
                },
                background);
        String question = awaitQuestion(human, session);
        Thread.sleep(300); // the agent is now blocked in its wait on A
        assertThat(human.answer(question, "go " + round).statusCode()).isEqualTo(200);
        long answeredAt = System.nanoTime();
        assertThat(asked.get(10, TimeUnit.SECONDS)).containsEntry("answer", "go " + round);
        long millis = TimeUnit.NANOSECONDS.toMillis(returnedAt.get() - answeredAt);
        System.out.println(
            "[scale-out] answer via B returned to the agent on A in " + millis + " ms");
        assertThat(millis).isLessThan(1000);
      }
    } finally {
      background.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private static String awaitQuestion(Human human, String session) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var messages =
          (List<Map<String, Object>>)
              Human.json(human.get("/sessions/" + session + "/messages")).get("items");
      for (Map<String, Object> m : messages) {
        if ("question".equals(m.get("kind"))) {
          return (String) m.get("ref_id");
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the question never appeared through process B");
  }
}
