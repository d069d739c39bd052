package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.TestServer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plans of the messaging hot paths on the configured database. PostgreSQL is told to avoid
 * sequential scans, so that a plan that still scans means there is no usable index (on the tiny
 * test tables it would prefer a scan anyway). Plans are printed for the record.
 */
class QueryPlansIT {
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
  void markingAnAnswerRead_findsItsMessagesByIndex_notByScanningEveryTenant() {
    String plan =
        explain(
            """
            UPDATE msg_message SET read_at = :now
            WHERE tenant_id = :tenant AND ref_id = :refId AND role = 'user' AND read_at IS NULL
            """);
    assertThat(plan.toLowerCase(java.util.Locale.ROOT)).contains("msg_message_ref");
  }

  @Test
  void theOtherHotPaths_lookUpByIndex() {
    assertIndexLookup(
        explain(
            """
            SELECT id, session_id, role, kind, content, ref_id, author, created_at
            FROM msg_message
            WHERE tenant_id = :tenant AND session_id = :sessionId AND role = 'user'
              AND read_at IS NULL
            ORDER BY id
            """));
    assertIndexLookup(
        explain("SELECT * FROM msg_question WHERE tenant_id = :tenant AND id = :refId"));
    assertIndexLookup(
        explain(
            """
            SELECT s.id, s.agent_name, s.incident_id, s.status, s.created_at, s.updated_at,
              (SELECT count(*) FROM msg_question q
               WHERE q.session_id = s.id AND q.status = 'pending' AND q.expires_at > :now)
              + (SELECT count(*) FROM approval a
                 WHERE a.session_id = s.id AND a.status = 'pending' AND a.expires_at > :now)
              AS unanswered
            FROM msg_session s
            WHERE s.tenant_id = :tenant
              AND (CASE WHEN s.status = 'active' THEN 1 ELSE 0 END, s.updated_at, s.id)
                  < (1, :now, :sessionId)
            ORDER BY CASE WHEN s.status = 'active' THEN 1 ELSE 0 END DESC, s.updated_at DESC,
              s.id DESC
            LIMIT 51
            """));
    assertIndexLookup(
        explain(
            """
            SELECT id FROM notification_outbox
            WHERE status = 'pending' AND next_attempt_at <= :now
            ORDER BY id LIMIT 20
            """));
  }

  /** An index used with a condition, not a whole table or index read in order. */
  private static void assertIndexLookup(String plan) {
    if (server.db().kind() == DatabaseKind.POSTGRESQL) {
      assertThat(plan).contains("Index Cond");
    } else {
      assertThat(plan).containsPattern("/\\* [\\w.]+: ");
    }
  }

  private static String explain(String sql) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h -> {
              if (server.db().kind() == DatabaseKind.POSTGRESQL) {
                h.execute("SET enable_seqscan = off");
              }
              String plan = plan(h, sql);
              if (server.db().kind() == DatabaseKind.POSTGRESQL) {
                h.execute("RESET enable_seqscan");
              }
              System.out.println("[plan " + server.db().kind() + "] " + sql.strip() + "\n" + plan);
              return plan;
            });
  }

  private static String plan(Handle h, String sql) {
    var q = h.createQuery("EXPLAIN " + sql);
    Map<String, Object> args =
        Map.of(
            "now", OffsetDateTime.now(ZoneOffset.UTC),
            "tenant", "acme",
            "refId", "q_x",
            "sessionId", "ses_x");
    args.forEach(
        (name, value) -> {
          if (sql.contains(":" + name)) {
            q.bind(name, value);
          }
        });
    return String.join("\n", q.mapTo(String.class).list());
  }
}
