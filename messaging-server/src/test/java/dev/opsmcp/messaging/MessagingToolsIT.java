package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every messaging tool through the SDK's real client, with a human answering over REST. */
class MessagingToolsIT {
  static TestServer server;
  static Agent agent;
  static Human human;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            MessagingServer.SPEC,
            Map.of("OPSMCP_MESSAGING_PROGRESS_SECONDS", "1", "OPSMCP_MESSAGE_MAX_CHARS", "2000"));
    agent = new Agent(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_AGENT));
    human = new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_HUMAN));
  }

  @AfterAll
  static void stop() {
    agent.close();
    server.close();
  }

  /**
   * Agent calls made in the background run here, not in the common ForkJoin pool: on 2 cores that
   * pool has one worker, and the SDK client needs a free one to deliver progress notifications.
   */
  static final java.util.concurrent.ExecutorService BACKGROUND =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  static String newSession() {
    return (String) agent.call("log_step", Map.of("step", "investigating")).get("session_id");
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Nested
  class Messages {
    @Test
    void sendMessage_startsASession_andReturnsUnreadUserMessagesOnce() {
      Map<String, Object> first =
          agent.call(
              "send_message",
              Map.of("content", "Looking at payments latency", "agent_name", "sre-bot"));
      String session = (String) first.get("session_id");
      assertThat(session).startsWith("ses_");
      assertThat(first.get("user_messages")).isEqualTo(List.of());

      assertThat(
              human
                  .post(
                      "/sessions/" + session + "/messages", Map.of("content", "check the DB first"))
                  .statusCode())
          .isEqualTo(200);
      Map<String, Object> step =
          agent.call("log_step", Map.of("step", "reading logs", "session_id", session));
      assertThat(step.get("user_messages").toString()).contains("check the DB first");
      Map<String, Object> again =
          agent.call("log_step", Map.of("step", "still reading", "session_id", session));
      assertThat(again.get("user_messages")).isEqualTo(List.of());

      Map<String, Object> detail = Human.json(human.get("/sessions/" + session));
      assertThat(detail).containsEntry("agent_name", "sre-bot").containsEntry("status", "active");
      Map<String, Object> timeline = Human.json(human.get("/sessions/" + session + "/messages"));
      assertThat(timeline.get("items").toString())
          .contains("Looking at payments latency", "check the DB first", "reading logs");
    }

    @Test
    void badInput_getsAClearError_andChangesNothing() {
      String session = newSession();
      assertThat(agent.error("send_message", Map.of("content", "  ", "session_id", session)))
          .contains("content is empty");
      assertThat(
              agent.error(
                  "send_message", Map.of("content", "x".repeat(2001), "session_id", session)))
          .contains("over the limit of 2000");
      assertThat(agent.error("log_step", Map.of("step", "x", "session_id", "ses_nope")))
          .contains("no session ses_nope");
      assertThat(agent.error("wait_for_answer", Map.of("question_id", "q_nope")))
          .contains("no question q_nope");
      assertThat(agent.error("wait_for_approval", Map.of("approval_id", "apr_nope")))
          .contains("no approval apr_nope");
      assertThat(
              agent.error(
                  "request_approval",
                  Map.of("action", "a", "details", "d", "risk", "extreme", "session_id", session)))
          .contains("low, medium, high, critical");
      Map<String, Object> timeline = Human.json(human.get("/sessions/" + session + "/messages"));
      assertThat((List<?>) timeline.get("items")).hasSize(1);
    }

    @Test
    void wrongTypes_areRefusedAtOnce_namingTheArgument_neverCoerced() {
      String session = newSession();
      long start = System.nanoTime();
      for (Object notABoolean : new Object[] {"true", 1, -1}) {
        String error =
            agent.error(
                "send_message",
                Map.of("content", "x", "session_id", session, "requires_user_input", notABoolean));
        assertThat(error).contains("'requires_user_input'").contains("boolean");
        assertThat(dev.opsmcp.common.testing.Internals.in(error)).as(error).isNull();
      }
      for (Object notAnInteger : new Object[] {"5", 1.5, ""}) {
        assertThat(
                agent.error(
                    "ask_question",
                    Map.of("question", "q", "session_id", session, "wait_seconds", notAnInteger)))
            .contains("'wait_seconds'")
            .contains("integer");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      for (String blank : new String[] {"", "  "}) {
        assertThat(agent.error("log_step", Map.of("step", "x", "session_id", blank)))
            .contains("session_id");
      }
      assertThat(
              agent.error(
                  "log_step", Map.of("step", "x", "session_id", "ses_" + "x".repeat(1_000_000))))
          .hasSizeLessThan(2_000);
    }

    @Test
    void endSession_closesIt_andLaterPostsAreRefused() {
      String session = newSession();
      Map<String, Object> ended =
          agent.call("end_session", Map.of("session_id", session, "summary", "rolled back v42"));
      assertThat(ended).containsEntry("status", "ended");
      assertThat(agent.error("log_step", Map.of("step", "x", "session_id", session)))
          .contains("has ended");
      assertThat(agent.error("end_session", Map.of("session_id", session)))
          .contains("already ended");
    }
  }

  @Nested
  class Questions {
    @Test
    void askQuestion_returnsTheAnswer_whenAHumanAnswersWhileItWaits() throws Exception {
      String session = newSession();
      CompletableFuture<Map<String, Object>> asked =
          CompletableFuture.supplyAsync(
              () ->
                  agent.call(
                      "ask_question",
                      Map.of(
                          "question",
                          "Roll back v42?",
                          "session_id",
                          session,
                          "choices",
                          List.of("yes", "no"),
                          "wait_seconds",
                          30)),
              BACKGROUND);
      String questionId = awaitPendingQuestion(session);
      assertThat(human.answer(questionId, "yes").statusCode()).isEqualTo(200);
      Map<String, Object> answer = asked.get(10, TimeUnit.SECONDS);
      assertThat(answer)
          .containsEntry("status", "answered")
          .containsEntry("answer", "yes")
          .containsEntry("question_id", questionId);
      // delivered as the result, so not again as unread feedback
      assertThat(
              agent
                  .call("log_step", Map.of("step", "rolling back", "session_id", session))
                  .get("user_messages"))
          .isEqualTo(List.of());
    }

    @Test
    void anAnswerAfterPending_isKept_andWaitForAnswerReturnsIt() throws Exception {
      String session = newSession();
      Map<String, Object> pending =
          agent.call(
              "ask_question",
              Map.of("question", "Which region?", "session_id", session, "wait_seconds", 1));
      assertThat(pending).containsEntry("status", "pending");
      assertThat((String) pending.get("next")).contains("wait_for_answer");
      String questionId = (String) pending.get("question_id");

      assertThat(human.answer(questionId, "eu-west-1").statusCode()).isEqualTo(200);
      Map<String, Object> answered =
          agent.call("wait_for_answer", Map.of("question_id", questionId, "wait_seconds", 5));
      assertThat(answered).containsEntry("status", "answered").containsEntry("answer", "eu-west-1");
    }

    @Test
    void anAnswerAfterPending_isAlsoDeliveredByTheNextLogStep() {
      String session = newSession();
      String questionId =
          (String)
              agent
                  .call(
                      "ask_question",
                      Map.of("question", "Page the DBA?", "session_id", session, "wait_seconds", 0))
                  .get("question_id");
      human.answer(questionId, "yes, page Dana");
      Map<String, Object> step =
          agent.call("log_step", Map.of("step", "waiting", "session_id", session));
      assertThat(step.get("user_messages").toString())
          .contains("yes, page Dana")
          .contains(questionId);
    }

    @Test
    void waitingSendsProgressNotifications() throws Exception {
      agent.progress.clear();
      String session = newSession();
      Map<String, Object> pending =
          agent.call(
              "ask_question",
              Map.of("question", "Still there?", "session_id", session, "wait_seconds", 3));
      assertThat(pending).containsEntry("status", "pending");
      assertThat(agent.progress).hasSizeGreaterThanOrEqualTo(2);
      assertThat(agent.progress.get(0).message()).contains((String) pending.get("question_id"));
    }

    @Test
    void answeringTwice_isAConflict_carryingTheFirstAnswer() {
      String session = newSession();
      String questionId =
          (String)
              agent
                  .call(
                      "ask_question",
                      Map.of("question", "Proceed?", "session_id", session, "wait_seconds", 0))
                  .get("question_id");
      assertThat(human.answer(questionId, "first").statusCode()).isEqualTo(200);
      var second = human.answer(questionId, "second");
      assertThat(second.statusCode()).isEqualTo(409);
      assertThat(second.body()).contains("\"code\":\"conflict\"").contains("\"answer\":\"first\"");
      assertThat(
              agent.call("wait_for_answer", Map.of("question_id", questionId, "wait_seconds", 0)))
          .containsEntry("answer", "first");
    }

    @Test
    void sendMessage_requiringInput_behavesLikeAskQuestion() throws Exception {
      String session = newSession();
      CompletableFuture<Map<String, Object>> asked =
          CompletableFuture.supplyAsync(
              () ->
                  agent.call(
                      "send_message",
                      Map.of(
                          "content",
                          "OK to scale to 10?",
                          "session_id",
                          session,
                          "requires_user_input",
                          true,
                          "wait_seconds",
                          30)),
              BACKGROUND);
      String questionId = awaitPendingQuestion(session);
      human.answer(questionId, "ok");
      assertThat(asked.get(10, TimeUnit.SECONDS))
          .containsEntry("status", "answered")
          .containsEntry("answer", "ok");
    }
  }

  @Nested
  class ApprovalsFlow {
    @Test
    void approved_withTheHumansComment() throws Exception {
      String session = newSession();
      String ref =
          new IncidentStore(server.db())
              .create(
                  "acme",
                  "payments down",
                  Severity.SEV2,
                  java.util.List.of("payments-api"),
                  java.time.OffsetDateTime.now())
              .ref();
      CompletableFuture<Map<String, Object>> asked =
          CompletableFuture.supplyAsync(
              () ->
                  agent.call(
                      "request_approval",
                      Map.of(
                          "action",
                          "restart payments-api",
                          "details",
                          "OOM loop; rollback: none needed",
                          "risk",
                          "medium",
                          "session_id",
                          session,
                          "incident_id",
                          ref.toLowerCase(java.util.Locale.ROOT),
                          "wait_seconds",
                          30)),
              BACKGROUND);
      String approvalId = awaitPending(session, "approval");
      assertThat(human.decide(approvalId, "approve", "go, watch p99").statusCode()).isEqualTo(200);
      assertThat(asked.get(10, TimeUnit.SECONDS))
          .containsEntry("status", "approved")
          .containsEntry("comment", "go, watch p99")
          .containsEntry("approval_id", approvalId);
      // the session started without an incident; the approval named one, which the session keeps
      assertThat(Human.json(human.get("/sessions/" + session))).containsEntry("incident_id", ref);
    }

    @Test
    void denied_afterPending_viaWaitForApproval_andDecidingTwiceConflicts() {
      String session = newSession();
      Map<String, Object> pending =
          agent.call(
              "request_approval",
              Map.of(
                  "action",
                  "drop table sessions",
                  "details",
                  "free space",
                  "risk",
                  "critical",
                  "session_id",
                  session,
                  "wait_seconds",
                  0));
      assertThat(pending).containsEntry("status", "pending");
      String approvalId = (String) pending.get("approval_id");
      assertThat(human.decide(approvalId, "deny", "never").statusCode()).isEqualTo(200);
      assertThat(human.decide(approvalId, "approve", "changed my mind").statusCode())
          .isEqualTo(409);
      assertThat(
              agent.call("wait_for_approval", Map.of("approval_id", approvalId, "wait_seconds", 0)))
          .containsEntry("status", "denied")
          .containsEntry("comment", "never");
    }

    @Test
    void badDecision_isRefused() {
      String session = newSession();
      String approvalId =
          (String)
              agent
                  .call(
                      "request_approval",
                      Map.of(
                          "action",
                          "x",
                          "details",
                          "y",
                          "risk",
                          "low",
                          "session_id",
                          session,
                          "wait_seconds",
                          0))
                  .get("approval_id");
      var r = human.decide(approvalId, "maybe", "");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("approve").contains("deny");
      assertThat(
              agent.call("wait_for_approval", Map.of("approval_id", approvalId, "wait_seconds", 0)))
          .containsEntry("status", "pending");
    }
  }

  /** The id of the newest question or approval in a session, once the agent's call created it. */
  static String awaitPending(String session, String kind) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, Object> timeline = Human.json(human.get("/sessions/" + session + "/messages"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> messages = (List<Map<String, Object>>) timeline.get("items");
      for (Map<String, Object> m : messages) {
        if (kind.equals(m.get("kind"))) {
          return (String) m.get("ref_id");
        }
      }
      sleep(Duration.ofMillis(50));
    }
    throw new AssertionError("no " + kind + " appeared in " + session);
  }

  static String awaitPendingQuestion(String session) {
    return awaitPending(session, "question");
  }
}
