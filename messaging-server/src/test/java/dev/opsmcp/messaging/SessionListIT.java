package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/sessions}: pages follow a keyset cursor, so sessions that start while a human
 * pages do not shift the pages; {@code unanswered} counts only what still waits for a human.
 */
class SessionListIT {
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            MessagingServer.SPEC,
            Map.of("OPSMCP_QUESTION_TTL_SECONDS", "1", "OPSMCP_APPROVAL_TTL_SECONDS", "1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void paging_whileNewSessionsStart_neitherRepeatsNorSkipsASession() throws Exception {
    String tenant = "pages";
    Human agentRest = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT));
    Human human = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_HUMAN));
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(step(agentRest, "session " + i));
      Thread.sleep(20);
    }

    List<String> seen = new ArrayList<>();
    Map<String, Object> page = Human.json(human.get("/sessions?limit=1"));
    seen.add(ids(page).get(0));
    step(agentRest, "a session started while the human pages");
    while (Boolean.TRUE.equals(page.get("truncated"))) {
      page = Human.json(human.get("/sessions?limit=1&cursor=" + page.get("next_cursor")));
      seen.addAll(ids(page));
    }
    assertThat(seen).containsExactly(started.get(2), started.get(1), started.get(0));
  }

  @Test
  void aCursorThisApiDidNotReturn_isRefused() {
    Human human = new Human(server.baseUrl(), server.newKey("pages", Scope.MESSAGING_HUMAN));
    for (String cursor : List.of("-1", "12", "nonsense", "AAAA")) {
      var r = human.get("/sessions?cursor=" + cursor);
      assertThat(r.statusCode()).as(cursor + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).contains("invalid_argument", "cursor");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void unanswered_countsOnlyQuestionsAndApprovalsThatStillWait() throws Exception {
    String tenant = "pending";
    Human human = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_HUMAN));
    try (Agent agent = new Agent(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      String session =
          (String)
              agent
                  .call("ask_question", Map.of("question", "still there?", "wait_seconds", 0))
                  .get("session_id");
      agent.call(
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
              0));
      assertThat(unanswered(human)).isEqualTo(2);
      Thread.sleep(1_300); // both expire unread: nobody looked at them since
      assertThat(unanswered(human)).isZero();
    }
  }

  private static int unanswered(Human human) {
    @SuppressWarnings("unchecked")
    var sessions = (List<Map<String, Object>>) Human.json(human.get("/sessions")).get("sessions");
    return (Integer) sessions.get(0).get("unanswered");
  }

  private static String step(Human agentRest, String text) {
    return (String)
        Human.json(agentRest.post("/agent/steps", Map.of("step", text))).get("session_id");
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("sessions"))
        .stream().map(s -> (String) s.get("id")).toList();
  }
}
