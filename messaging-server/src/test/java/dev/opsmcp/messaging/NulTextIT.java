package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text with U+0000 (which PostgreSQL cannot store and the embedded database can): refused the same
 * way on both, with an error naming the field, before anything is stored.
 */
class NulTextIT {
  static final String NUL = "before\u0000after";
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(MessagingServer.SPEC);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void agentText_withNul_isRefusedNamingTheField_andNothingIsStored() {
    String tenant = "nul-agent";
    try (Agent agent = new Agent(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      assertThat(agent.error("send_message", Map.of("content", NUL))).contains("content", "NUL");
      assertThat(sessions(tenant)).isZero(); // no session was started for the refused message
      assertThat(agent.error("send_message", Map.of("content", "hi", "agent_name", NUL)))
          .contains("agent_name", "NUL");
      assertThat(sessions(tenant)).isZero();

      String session =
          (String) agent.call("log_step", Map.of("step", "checking")).get("session_id");
      assertThat(agent.error("log_step", Map.of("step", NUL, "session_id", session)))
          .contains("step", "NUL");
      assertThat(agent.error("ask_question", Map.of("question", NUL, "session_id", session)))
          .contains("question", "NUL");
      assertThat(
              agent.error(
                  "ask_question",
                  Map.of(
                      "question", "which?", "choices", List.of("a", NUL), "session_id", session)))
          .contains("choices", "NUL");
      assertThat(
              agent.error(
                  "request_approval",
                  Map.of(
                      "action", "restart", "details", NUL, "risk", "low", "session_id", session)))
          .contains("details", "NUL");
      assertThat(
              agent.error(
                  "request_approval",
                  Map.of(
                      "action", "restart",
                      "details", "d",
                      "risk", "low",
                      "incident_id", NUL,
                      "session_id", session)))
          .contains("incident_id", "NUL");
      assertThat(agent.error("end_session", Map.of("session_id", session, "summary", NUL)))
          .contains("summary", "NUL");
      // an id with NUL: refused on arrival, or (for callers past that check) simply not found
      assertThat(agent.error("log_step", Map.of("step", "x", "session_id", "ses_" + NUL)))
          .containsAnyOf(
              "no session",
              "argument 'session_id' is refused: it contains the character U+0000 (NUL)");
      assertThat(agent.error("wait_for_answer", Map.of("question_id", "q_" + NUL)))
          .containsAnyOf(
              "no question",
              "argument 'question_id' is refused: it contains the character U+0000 (NUL)");
      assertThat(agent.error("wait_for_approval", Map.of("approval_id", "apr_" + NUL)))
          .containsAnyOf(
              "no approval",
              "argument 'approval_id' is refused: it contains the character U+0000 (NUL)");
      assertThat(messages(session)).isEqualTo(1); // only the first step
    }
  }

  @Test
  void humanText_withNul_isRefusedNamingTheField_andNothingIsStored() {
    String tenant = "nul-human";
    Human human = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_HUMAN));
    try (Agent agent = new Agent(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      Map<String, Object> asked =
          agent.call("ask_question", Map.of("question", "go?", "wait_seconds", 0));
      String session = (String) asked.get("session_id");
      String question = (String) asked.get("question_id");
      String approval =
          (String)
              agent
                  .call(
                      "request_approval",
                      Map.of(
                          "action",
                          "a",
                          "details",
                          "d",
                          "risk",
                          "low",
                          "session_id",
                          session,
                          "wait_seconds",
                          0))
                  .get("approval_id");
      int before = messages(session);

      assertRefused(
          human.post("/sessions/" + session + "/messages", Map.of("content", NUL)), "content");
      assertRefused(human.answer(question, NUL), "answer");
      assertRefused(human.decide(approval, "deny", NUL), "comment");
      assertRefused(human.post("/sessions/" + session + "/end", Map.of("summary", NUL)), "summary");
      assertRefused(human.get("/sessions?agent=%00"), "agent");

      assertThat(messages(session)).isEqualTo(before);
      assertThat(Human.json(human.get("/questions/" + question)))
          .containsEntry("status", "pending");
      assertThat(Human.json(human.get("/approvals/" + approval)))
          .containsEntry("status", "pending");
      assertThat(Human.json(human.get("/sessions/" + session))).containsEntry("status", "active");
    }
  }

  private static void assertRefused(HttpResponse<String> r, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("invalid_argument", field, "NUL");
  }

  private static int sessions(String tenant) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM msg_session WHERE tenant_id = :t")
                    .bind("t", tenant)
                    .mapTo(Integer.class)
                    .one());
  }

  private static int messages(String session) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM msg_message WHERE session_id = :s")
                    .bind("s", session)
                    .mapTo(Integer.class)
                    .one());
  }
}
