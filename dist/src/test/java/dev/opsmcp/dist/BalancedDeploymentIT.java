package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.McpClients;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.tool.Json;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The documented scale-out deployment ({@code deploy/start.sh}: two replica processes of every
 * server on one PostgreSQL, HAProxy in front) driven through the balancer with the SDK's real
 * clients. PostgreSQL only: on the embedded database one JVM owns the file. The replica kill runs
 * last, since it leaves messaging with one replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancedDeploymentIT {
  private static final Pattern STREAMABLE_SESSIONS =
      Pattern.compile(
          "(?m)^opsmcp_mcp_sessions\\{[^}]*transport=\"streamable_http\"[^}]*\\} ([0-9.]+)");

  static Webhooks webhooks;
  static BalancedDeployment deployment;
  static String agentKey;
  static String humanKey;
  static String adminKey;
  // Not the common pool: on two cores it has one thread, which the SDK's client needs as well.
  static final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        TestDatabases.kind() == DatabaseKind.POSTGRESQL,
        "replicas share a PostgreSQL database (on the embedded database one JVM owns the file);"
            + " set "
            + TestDatabases.ENV
            + " to run this");
    Commands.requireHaproxy("the scale-out deployment test");
    webhooks = new Webhooks();
    Path runbooks = Files.createTempFile("opsmcp-runbooks-", ".yaml");
    Files.writeString(
        runbooks,
        """
        runbooks:
          - name: restart-service
            description: Restart a service
            risk: high
            kind: diagnostic
            timeout_seconds: 10
            parameters:
              service: {type: string, pattern: "[a-z0-9-]{1,40}"}
            http:
              method: POST
              url: "URL/restart/{{service}}"
        """
            .replace("URL", webhooks.url()));
    deployment = BalancedDeployment.start(Map.of("OPSMCP_RUNBOOKS_FILE", runbooks.toString()));
    try (Database db = Database.open(deployment.database)) {
      new Tenants(db).create("acme");
      ApiKeys keys = new ApiKeys(db, Duration.ZERO);
      EnumSet<Scope> agent = EnumSet.allOf(Scope.class);
      agent.removeAll(List.of(Scope.ADMIN, Scope.MESSAGING_HUMAN));
      agentKey = keys.create("acme", "agent", agent).secret();
      humanKey = keys.create("acme", "human", EnumSet.of(Scope.MESSAGING_HUMAN)).secret();
      adminKey = keys.create("acme", "admin", EnumSet.of(Scope.ADMIN)).secret();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    background.shutdownNow();
    if (deployment != null) {
      deployment.close();
    }
    if (webhooks != null) {
      webhooks.close();
    }
  }

  @Test
  @Order(1)
  void answerPostedThroughOneReplica_wakesTheAgentWaitingOnTheOther() throws Exception {
    int[] before = sessions("messaging");
    try (AgentClient agent = new AgentClient(deployment.url("messaging"), agentKey)) {
      int holder = holderOfNewSession("messaging", before);
      int other = 3 - holder;
      String question = askPending(agent, "ship the fix?");
      CompletableFuture<Map<String, Object>> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  agent.call(
                      "wait_for_answer", Map.of("question_id", question, "wait_seconds", 60)),
              background);
      Thread.sleep(1_000);
      assertThat(waiting).as("the agent is still waiting on r%d", holder).isNotDone();

      // Through the balancer, pinned to the other replica by its path prefix.
      long answeredAt = System.nanoTime();
      HttpResponse<String> answer =
          Http.postJson(
              deployment.url("messaging")
                  + "/r"
                  + other
                  + "/api/v1/questions/"
                  + question
                  + "/answer",
              Json.write(Map.of("answer", "yes, ship it")),
              "Authorization",
              Http.bearer(humanKey));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      Map<String, Object> result = waiting.get(10, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredAt);
      System.out.printf(
          "[scale-out] answer through r%d woke the agent waiting on r%d in %d ms%n",
          other, holder, millis);
      assertThat(result)
          .containsEntry("status", "answered")
          .containsEntry("answer", "yes, ship it");
      assertThat(millis).isLessThan(3_000);
    }
  }

  @Test
  @Order(2)
  void legacySse_throughTheBalancer_reachesTheReplicaHoldingTheStream() {
    // Six clients: round robin places their streams on both replicas; each one's messages must
    // reach the replica holding its stream, or the SDK gets a 404 for the session.
    for (int i = 0; i < 6; i++) {
      McpSyncClient sse = McpClients.sse(deployment.url("messaging"), agentKey);
      try {
        var result = sse.callTool(new McpSchema.CallToolRequest("system_info", Map.of()));
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) result.structuredContent();
        assertThat(info).containsEntry("server", "messaging").containsEntry("tenant", "acme");
        assertThat(sse.callTool(new McpSchema.CallToolRequest("system_info", Map.of())).isError())
            .isNotEqualTo(Boolean.TRUE);
      } finally {
        sse.closeGracefully();
      }
    }
  }

  @Test
  @Order(3)
  void notificationsAndApprovedRemediations_runExactlyOnceAcrossReplicas() throws Exception {
    HttpResponse<String> channel =
        Http.postJson(
            deployment.url("orchestration") + "/api/v1/channels",
            Json.write(Map.of("kind", "webhook", "url", webhooks.url() + "/notify")),
            "Authorization",
            Http.bearer(adminKey));
    assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
    String tag = UUID.randomUUID().toString();
    int notes = 12;
    int runs = 3;
    List<String> approvals = new ArrayList<>();
    try (AgentClient agent = new AgentClient(deployment.url("orchestration"), agentKey)) {
      for (int i = 0; i < notes; i++) {
        agent.call("notify_team", Map.of("message", "note " + i + " of " + tag));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> incident =
          (Map<String, Object>)
              agent
                  .call("create_incident", Map.of("title", "scale-out " + tag, "severity", "SEV3"))
                  .get("incident");
      for (int i = 0; i < runs; i++) {
        Map<String, Object> run =
            agent.call(
                "execute_remediation",
                Map.of(
                    "incident_id",
                    incident.get("ref"),
                    "runbook",
                    "restart-service",
                    "parameters",
                    Map.of("service", "svc-" + i)));
        assertThat(run).containsEntry("status", "pending_approval");
        approvals.add((String) run.get("approval_id"));
      }
    }
    for (String approval : approvals) {
      HttpResponse<String> decided =
          Http.postJson(
              deployment.url("messaging") + "/api/v1/approvals/" + approval + "/decision",
              Json.write(Map.of("decision", "approve", "comment", "go")),
              "Authorization",
              Http.bearer(humanKey));
      assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    }
    await(
        "every notification and run to reach the receiver",
        Duration.ofSeconds(60),
        () ->
            webhooks.count("/notify", tag) >= notes
                && webhooks.requests.stream().filter(r -> r.path().startsWith("/restart/")).count()
                    >= runs);
    Thread.sleep(3_000); // a second delivery by another replica would arrive by now
    for (int i = 0; i < notes; i++) {
      assertThat(webhooks.count("/notify", "note " + i + " of " + tag))
          .as("deliveries of note %d across eight processes", i)
          .isEqualTo(1);
    }
    for (int i = 0; i < runs; i++) {
      assertThat(webhooks.count("/restart/svc-" + i))
          .as("executions of run %d across two orchestration replicas", i)
          .isEqualTo(1);
    }
  }

  @Test
  @Order(4)
  void kill9OfTheReplicaMidWait_losesNothing_theClientReinitialisesThroughTheBalancer()
      throws Exception {
    int[] before = sessions("messaging");
    AgentClient agent = new AgentClient(deployment.url("messaging"), agentKey);
    try {
      int holder = holderOfNewSession("messaging", before);
      int survivor = 3 - holder;
      String question = askPending(agent, "roll back?");
      CompletableFuture<McpSchema.CallToolResult> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  agent.raw("wait_for_answer", Map.of("question_id", question, "wait_seconds", 60)),
              background);
      Thread.sleep(1_000);
      assertThat(waiting).isNotDone();
      deployment.kill9("messaging", holder);
      long killedAt = System.nanoTime();

      // The human answers through the balancer while the agent's replica is gone.
      HttpResponse<String> answer = answerThroughBalancer(question, "roll back now");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

      String firstWait;
      try {
        firstWait = "returned " + waiting.get(5, TimeUnit.SECONDS).structuredContent();
      } catch (java.util.concurrent.ExecutionException e) {
        firstWait = "failed: " + e.getCause();
      } catch (java.util.concurrent.TimeoutException e) {
        firstWait = "still open 5 s after the kill";
      }
      System.out.println("[scale-out] the wait on the killed replica " + firstWait);

      // The agent waits again with the same client: the balancer redispatches its session to the
      // survivor, which does not know it (404); the SDK re-initialises, and the retry is answered.
      Map<String, Object> result = null;
      List<String> attempts = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
      while (result == null && System.nanoTime() < deadline) {
        try {
          McpSchema.CallToolResult r =
              agent.raw("wait_for_answer", Map.of("question_id", question, "wait_seconds", 5));
          @SuppressWarnings("unchecked")
          Map<String, Object> structured = (Map<String, Object>) r.structuredContent();
          attempts.add("isError=" + r.isError() + " " + structured);
          if (!Boolean.TRUE.equals(r.isError())) {
            result = structured;
          }
        } catch (RuntimeException e) {
          attempts.add(e.toString());
          Thread.sleep(200);
        }
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
      System.out.println(
          "[scale-out] after the kill, the agent's waits (" + seconds + " s): " + attempts);
      assertThat(result).as("attempts: %s%n%s", attempts, deployment.output()).isNotNull();
      assertThat(result)
          .containsEntry("status", "answered")
          .containsEntry("answer", "roll back now");
      assertThat(sessions("messaging", survivor))
          .as("the re-initialised session lives on the surviving replica r%d", survivor)
          .isGreaterThanOrEqualTo(1);
    } finally {
      try {
        agent.close();
      } catch (RuntimeException ignored) {
        // its first session died with the replica
      }
    }
  }

  /** Asks a question without waiting; returns its id. */
  private static String askPending(AgentClient agent, String text) {
    Map<String, Object> asked =
        agent.call("ask_question", Map.of("question", text, "wait_seconds", 0));
    assertThat(asked).containsEntry("status", "pending");
    return (String) asked.get("question_id");
  }

  /** Posts the answer through the balancer, retrying while it still routes to the dead replica. */
  private static HttpResponse<String> answerThroughBalancer(String question, String text)
      throws InterruptedException {
    HttpResponse<String> last = null;
    for (int i = 0; i < 20; i++) {
      last =
          Http.postJson(
              deployment.url("messaging") + "/api/v1/questions/" + question + "/answer",
              Json.write(Map.of("answer", text)),
              "Authorization",
              Http.bearer(humanKey));
      if (last.statusCode() != 503) {
        return last;
      }
      Thread.sleep(250);
    }
    return last;
  }

  /** Open streamable-HTTP sessions on each replica of {@code server}, r1 and r2. */
  private static int[] sessions(String server) {
    return new int[] {sessions(server, 1), sessions(server, 2)};
  }

  private static int sessions(String server, int replica) {
    String metrics = Http.get(deployment.replicaUrl(server, replica) + "/metrics").body();
    Matcher m = STREAMABLE_SESSIONS.matcher(metrics);
    assertThat(m.find()).as("opsmcp_mcp_sessions in r%d's metrics", replica).isTrue();
    return (int) Double.parseDouble(m.group(1));
  }

  /** The replica (1 or 2) that gained a session since {@code before}. */
  private static int holderOfNewSession(String server, int[] before) {
    int[] after = sessions(server);
    assertThat(after[0] + after[1])
        .as("one new session across both replicas")
        .isEqualTo(before[0] + before[1] + 1);
    return after[0] > before[0] ? 1 : 2;
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for " + what + "; received: " + webhooks.requests);
      }
      Thread.sleep(200);
    }
  }
}
