package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.Jwts;
import dev.opsmcp.common.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A human's inbox and the human tools: pending questions and approvals across sessions, answered
 * and decided over MCP (the SDK's real client) or REST through one invocation path, signed with the
 * person's name, audited, and refused to agent keys.
 */
class HumanInboxIT {
  private static final Jwts IDP = new Jwts();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(MessagingServer.SPEC, IDP.serverEnv());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A key of {@code tenant} whose label is {@code label}. */
  private static String namedKey(String tenant, String label, Scope... scopes) {
    new Tenants(server.db()).create(tenant);
    return new ApiKeys(server.db(), Duration.ZERO)
        .create(tenant, label, EnumSet.of(scopes[0], scopes))
        .secret();
  }

  private static String ask(AgentClient agent, String text) {
    return (String)
        agent.call("ask_question", Map.of("question", text, "wait_seconds", 0)).get("question_id");
  }

  private static String requestApproval(AgentClient agent, String action) {
    return (String)
        agent
            .call(
                "request_approval",
                Map.of("action", action, "details", "d", "risk", "high", "wait_seconds", 0))
            .get("approval_id");
  }

  @Test
  @SuppressWarnings("unchecked")
  void listPending_showsQuestionsAndApprovalsAcrossSessions_andAnsweringSignsWithTheKeysLabel() {
    String tenant = "inbox-mcp";
    try (AgentClient agentA = server.agent(server.newKey(tenant, Scope.MESSAGING_AGENT));
        AgentClient agentB = server.agent(server.newKey(tenant, Scope.MESSAGING_AGENT));
        AgentClient human =
            server.agent(namedKey(tenant, "Alice Operator", Scope.MESSAGING_HUMAN))) {
      String q1 = ask(agentA, "first?");
      String q2 = ask(agentB, "second?");
      String apr = requestApproval(agentA, "restart api");

      Map<String, Object> inbox = human.call("list_pending", Map.of());
      assertThat((Map<String, Object>) inbox.get("pending"))
          .containsEntry("questions", 2)
          .containsEntry("approvals", 1);
      List<Map<String, Object>> questions =
          (List<Map<String, Object>>) ((Map<String, Object>) inbox.get("questions")).get("items");
      assertThat(questions).extracting(q -> q.get("id")).containsExactly(q1, q2);

      Map<String, Object> answered =
          human.call("answer_question", Map.of("question_id", q1, "answer", "yes"));
      assertThat(answered)
          .containsEntry("status", "answered")
          .containsEntry("answered_by", "Alice Operator");
      Map<String, Object> decided =
          human.call(
              "decide_approval", Map.of("approval_id", apr, "decision", "deny", "comment", "no"));
      assertThat(decided)
          .containsEntry("status", "denied")
          .containsEntry("decided_by", "Alice Operator");
      assertThat(agentA.call("wait_for_answer", Map.of("question_id", q1, "wait_seconds", 0)))
          .containsEntry("answer", "yes")
          .containsEntry("answered_by", "Alice Operator");

      assertThat(human.error("answer_question", Map.of("question_id", q1, "answer", "again")))
          .contains("already answered");
      Map<String, Object> after = human.call("list_pending", Map.of("kind", "questions"));
      assertThat((Map<String, Object>) after.get("pending"))
          .containsEntry("questions", 1)
          .containsEntry("approvals", 0);
      assertThat(after.get("approvals")).isNull();
    }
  }

  @Test
  void agentKeys_canNeverAnswerOrDecide_norListTheInbox() {
    String tenant = "inbox-agent";
    try (AgentClient agent = server.agent(server.newKey(tenant))) {
      String q = ask(agent, "may I?");
      String apr = requestApproval(agent, "drop table");
      assertThat(agent.error("answer_question", Map.of("question_id", q, "answer", "sure")))
          .contains("messaging:human");
      assertThat(agent.error("decide_approval", Map.of("approval_id", apr, "decision", "approve")))
          .contains("messaging:human");
      assertThat(agent.error("list_pending", Map.of())).contains("messaging:human");
      assertThat(agent.call("wait_for_approval", Map.of("approval_id", apr, "wait_seconds", 0)))
          .containsEntry("status", "pending");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void restInbox_pagesPendingAcrossSessions_countsInOneRoute_andAnswersAreAudited() {
    String tenant = "inbox-rest";
    try (AgentClient agent = server.agent(server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      Human human = new Human(server.baseUrl(), namedKey(tenant, "bob", Scope.MESSAGING_HUMAN));
      String q1 = ask(agent, "one?");
      String q2 = ask(agent, "two?");
      String q3 = ask(agent, "three?");
      requestApproval(agent, "scale down");

      Map<String, Object> first = Human.json(human.get("/questions?status=pending&limit=2"));
      assertThat((List<Map<String, Object>>) first.get("items"))
          .extracting(q -> q.get("id"))
          .containsExactly(q1, q2);
      assertThat(first).containsEntry("truncated", true);
      Map<String, Object> second =
          Human.json(
              human.get("/questions?status=pending&limit=2&cursor=" + first.get("next_cursor")));
      assertThat((List<Map<String, Object>>) second.get("items"))
          .extracting(q -> q.get("id"))
          .containsExactly(q3);
      assertThat(human.get("/questions?status=answered").statusCode()).isEqualTo(400);
      assertThat((List<?>) Human.json(human.get("/approvals?status=pending")).get("items"))
          .hasSize(1);
      assertThat(Human.json(human.get("/status")))
          .isEqualTo(Map.of("pending", Map.of("questions", 3, "approvals", 1)));

      HttpResponse<String> answer = human.answer(q2, "go");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(Human.json(answer)).containsEntry("answered_by", "bob");
      HttpResponse<String> again = human.answer(q2, "stop");
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.body()).contains("\"answer\":\"go\"");
      assertThat(audited(tenant, "tool:answer_question", q2)).isEqualTo(2);
      assertThat(audited(tenant, "tool:ask_question", null)).isEqualTo(3);
      assertThat(Human.json(human.get("/status")))
          .isEqualTo(Map.of("pending", Map.of("questions", 2, "approvals", 1)));
    }
  }

  @Test
  void aJwtHumansDecision_isSignedWithTheTokensNameOrEmail() {
    String tenant = "inbox-jwt";
    new Tenants(server.db()).create(tenant);
    Instant expires = Instant.now().plusSeconds(300);
    String audience = server.baseUrl() + "/mcp";
    try (AgentClient agent = server.agent(server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      String byName = requestApproval(agent, "failover");
      String byEmail = requestApproval(agent, "purge cache");
      Human carol =
          new Human(
              server.baseUrl(),
              IDP.token(
                  Jwts.ISSUER,
                  audience,
                  tenant,
                  "messaging:human",
                  expires,
                  Map.of("name", "Carol Example", "email", "carol@example.com")));
      Human dave =
          new Human(
              server.baseUrl(),
              IDP.token(
                  Jwts.ISSUER,
                  audience,
                  tenant,
                  "messaging:human",
                  expires,
                  Map.of("email", "dave@example.com")));
      assertThat(Human.json(carol.decide(byName, "approve", "ok")))
          .containsEntry("decided_by", "Carol Example");
      assertThat(Human.json(dave.decide(byEmail, "deny", "no")))
          .containsEntry("decided_by", "dave@example.com");
    }
  }

  @Test
  void restAgentTwins_areAuditedLikeMcpCalls() {
    String tenant = "inbox-twin";
    String key = server.newKey(tenant, Scope.MESSAGING_AGENT);
    HttpResponse<String> step =
        Http.postJson(
            server.baseUrl() + "/api/v1/agent/steps",
            "{\"step\":\"over REST\"}",
            "Authorization",
            Http.bearer(key));
    assertThat(step.statusCode()).as(step.body()).isEqualTo(200);
    assertThat(audited(tenant, "tool:log_step", null)).isEqualTo(1);
  }

  /** Audit rows of the tenant for {@code action} (and {@code target} when not null). */
  private static long audited(String tenant, String action, String target) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM audit_event WHERE tenant_id = :t AND action = :a"
                            + (target == null ? "" : " AND target = :target"))
                    .bind("t", tenant)
                    .bind("a", action)
                    .bind("target", target)
                    .mapTo(Long.class)
                    .one());
  }
}
