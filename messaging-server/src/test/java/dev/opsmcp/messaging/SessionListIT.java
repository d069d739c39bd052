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
      assertRefusedCursor(r.body());
    }
  }

  @Test
  void aSessionCursor_tamperedOrForeign_isRefusedWithWhatToDo() throws Exception {
    String tenant = "bound";
    Human agentRest = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT));
    Human human = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_HUMAN));
    Human stranger = new Human(server.baseUrl(), server.newKey("elsewhere", Scope.MESSAGING_HUMAN));
    step(agentRest, "one");
    step(agentRest, "two");
    String cursor =
        (String) Human.json(human.get("/sessions?status=active&limit=1")).get("next_cursor");
    assertThat(cursor).isNotNull();
    assertThat(human.get("/sessions?status=active&limit=1&cursor=" + cursor).statusCode())
        .isEqualTo(200);

    String tampered = (cursor.charAt(0) == 'e' ? "f" : "e") + cursor.substring(1);
    for (var r :
        List.of(
            human.get("/sessions?status=active&limit=1&cursor=" + tampered),
            human.get("/sessions?status=ended&limit=1&cursor=" + cursor),
            stranger.get("/sessions?status=active&limit=1&cursor=" + cursor))) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertRefusedCursor(r.body());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void timeline_pagesByCursor_followsByAfter_andRefusesAnotherSessionsCursor() throws Exception {
    String tenant = "timeline";
    Human agentRest = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT));
    Human human = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_HUMAN));
    String session = step(agentRest, "first");
    for (String text : List.of("second", "third")) {
      agentRest.post("/agent/steps", Map.of("step", text, "session_id", session));
    }
    String other = step(agentRest, "another session");

    List<String> contents = new ArrayList<>();
    Map<String, Object> page = Human.json(human.get("/sessions/" + session + "/messages?limit=2"));
    contents.addAll(contents(page));
    String cursor = (String) page.get("next_cursor");
    assertThat(page.get("truncated")).isEqualTo(true);
    page = Human.json(human.get("/sessions/" + session + "/messages?limit=2&cursor=" + cursor));
    contents.addAll(contents(page));
    assertThat(contents).containsExactly("first", "second", "third");
    assertThat(page.get("truncated")).isEqualTo(false);
    assertThat(page.get("next_cursor")).isNull();

    var items = (List<Map<String, Object>>) page.get("items");
    Number lastId = (Number) items.get(items.size() - 1).get("id");
    agentRest.post("/agent/steps", Map.of("step", "fourth", "session_id", session));
    assertThat(
            contents(Human.json(human.get("/sessions/" + session + "/messages?after=" + lastId))))
        .containsExactly("fourth");

    var foreign = human.get("/sessions/" + other + "/messages?limit=2&cursor=" + cursor);
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(400);
    assertRefusedCursor(foreign.body());
    var negative = human.get("/sessions/" + session + "/messages?after=-1");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.body()).contains("after must be a message id");
  }

  /** The one error shape, naming the cursor and saying what to do instead. */
  private static void assertRefusedCursor(String body) {
    Map<String, Object> error = error(body);
    assertThat(error.get("code")).isEqualTo("invalid_argument");
    assertThat((String) error.get("message"))
        .contains("cursor is not valid for this request", "without cursor");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(String body) {
    return (Map<String, Object>)
        dev.opsmcp.common.tool.Json.MAPPER.readValue(body, Map.class).get("error");
  }

  @SuppressWarnings("unchecked")
  private static List<String> contents(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("items"))
        .stream().map(m -> (String) m.get("content")).toList();
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
    var sessions = (List<Map<String, Object>>) Human.json(human.get("/sessions")).get("items");
    return (Integer) sessions.get(0).get("unanswered");
  }

  private static String step(Human agentRest, String text) {
    return (String)
        Human.json(agentRest.post("/agent/steps", Map.of("step", text))).get("session_id");
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("items"))
        .stream().map(s -> (String) s.get("id")).toList();
  }
}
