package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What happens when the store refuses a write, made real with a CHECK constraint that refuses one
 * tenant's rows: a failed audit write does not turn a done action into a failure (nor lose the
 * human's messages it handed over), and a question or approval whose notification cannot be queued
 * is not stored either.
 */
class StoreFailuresIT {
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
  void logStep_whenTheAuditWriteFails_stillReturnsTheHumansMessages() {
    String tenant = "audit-broken";
    Human agentRest = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT));
    Human human = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_HUMAN));
    String session =
        (String)
            Human.json(agentRest.post("/agent/steps", Map.of("step", "restarting db")))
                .get("session_id");
    assertThat(
            human
                .post(
                    "/sessions/" + session + "/messages",
                    Map.of("content", "STOP: do not restart the primary"))
                .statusCode())
        .isEqualTo(200);

    // The REST step above was audited (REST twins are, as MCP calls are): clear it so the
    // constraint that breaks the audit can be added.
    server
        .db()
        .jdbi()
        .useHandle(h -> h.execute("DELETE FROM audit_event WHERE tenant_id = ?", tenant));
    refuse("audit_event", "ck_refuse_audit", tenant);
    try (Agent agent = new Agent(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      Map<String, Object> step =
          agent.call("log_step", Map.of("step", "about to restart", "session_id", session));
      assertThat(step.get("user_messages").toString()).contains("STOP: do not restart");
    } finally {
      allow("audit_event", "ck_refuse_audit");
    }
  }

  @Test
  void askQuestion_whenItsNotificationCannotBeQueued_storesNoQuestion() {
    String tenant = "outbox-broken-q";
    String session = sessionWithChannel(tenant);
    refuse("notification_outbox", "ck_refuse_outbox_q", tenant);
    try (Agent agent = new Agent(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      assertThatThrownBy(
              () ->
                  agent.raw(
                      "ask_question",
                      Map.of("question", "fail over?", "session_id", session, "wait_seconds", 0)))
          .hasMessageContaining("internal error")
          .hasMessageNotContaining("INSERT")
          .hasMessageNotContaining("notification_outbox");
    } finally {
      allow("notification_outbox", "ck_refuse_outbox_q");
    }
    assertThat(count("msg_question", session)).isZero();
    assertThat(kinds(session)).containsExactly("step");
  }

  @Test
  void requestApproval_whenItsNotificationCannotBeQueued_storesNoApproval() {
    String tenant = "outbox-broken-a";
    String session = sessionWithChannel(tenant);
    refuse("notification_outbox", "ck_refuse_outbox_a", tenant);
    try (Agent agent = new Agent(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT))) {
      assertThatThrownBy(
              () ->
                  agent.raw(
                      "request_approval",
                      Map.of(
                          "action", "restart db",
                          "details", "it hangs",
                          "risk", "high",
                          "session_id", session,
                          "wait_seconds", 0)))
          .hasMessageContaining("internal error")
          .hasMessageNotContaining("INSERT");
    } finally {
      allow("notification_outbox", "ck_refuse_outbox_a");
    }
    assertThat(count("approval", session)).isZero();
    assertThat(kinds(session)).containsExactly("step");
  }

  private static String sessionWithChannel(String tenant) {
    Human agentRest = new Human(server.baseUrl(), server.newKey(tenant, Scope.MESSAGING_AGENT));
    new Channels(server.db()).add(tenant, "webhook", "http://127.0.0.1:9/never-called");
    return (String)
        Human.json(agentRest.post("/agent/steps", Map.of("step", "checking"))).get("session_id");
  }

  /** From now on the table refuses rows of {@code tenant} (it has none yet). */
  private static void refuse(String table, String constraint, String tenant) {
    server
        .db()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "ALTER TABLE "
                        + table
                        + " ADD CONSTRAINT "
                        + constraint
                        + " CHECK (tenant_id IS NULL OR tenant_id <> '"
                        + tenant
                        + "')"));
  }

  private static void allow(String table, String constraint) {
    server
        .db()
        .jdbi()
        .useHandle(h -> h.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + constraint));
  }

  private static int count(String table, String session) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM " + table + " WHERE session_id = :s")
                    .bind("s", session)
                    .mapTo(Integer.class)
                    .one());
  }

  private static List<String> kinds(String session) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT kind FROM msg_message WHERE session_id = :s ORDER BY id")
                    .bind("s", session)
                    .mapTo(String.class)
                    .list());
  }
}
