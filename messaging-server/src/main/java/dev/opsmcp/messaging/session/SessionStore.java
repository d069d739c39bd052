package dev.opsmcp.messaging.session;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for sessions and their timeline. Every query is scoped by tenant. */
@RegisterConstructorMapper(Session.class)
@RegisterConstructorMapper(Message.class)
@RegisterConstructorMapper(SessionSummary.class)
public interface SessionStore {
  @SqlUpdate(
      """
      INSERT INTO msg_session (id, tenant_id, agent_name, incident_id, status, created_at, updated_at)
      VALUES (:id, :tenant, :agentName, :incidentId, 'active', :now, :now)
      """)
  void insert(String id, String tenant, String agentName, Long incidentId, OffsetDateTime now);

  /** incident_id reads as the incident's reference, INC-42, as agents and humans name it. */
  @SqlQuery(
      """
      SELECT s.id, s.tenant_id, s.agent_name, s.status, s.summary, s.created_at, s.updated_at,
        s.ended_at, (SELECT CONCAT('INC-', CAST(i.ref_number AS VARCHAR(20))) FROM incident i
                     WHERE i.id = s.incident_id) AS incident_id
      FROM msg_session s WHERE s.tenant_id = :tenant AND s.id = :id
      """)
  Optional<Session> find(String tenant, String id);

  @SqlUpdate(
      """
      UPDATE msg_session SET status = 'ended', summary = :summary, ended_at = :now, updated_at = :now
      WHERE tenant_id = :tenant AND id = :id AND status = 'active'
      """)
  int end(String tenant, String id, String summary, OffsetDateTime now);

  @SqlUpdate(
      """
      UPDATE msg_session SET incident_id = :incidentId
      WHERE tenant_id = :tenant AND id = :id AND incident_id IS NULL
      """)
  void linkIncident(String tenant, String id, Long incidentId);

  @SqlUpdate("UPDATE msg_session SET updated_at = :now WHERE tenant_id = :tenant AND id = :id")
  void touch(String tenant, String id, OffsetDateTime now);

  @SqlUpdate(
      """
      INSERT INTO msg_message (tenant_id, session_id, role, kind, content, ref_id, author, created_at, read_at)
      VALUES (:tenant, :sessionId, :role, :kind, :content, :refId, :author, :now, :readAt)
      """)
  @GetGeneratedKeys("id")
  long addMessage(
      String tenant,
      String sessionId,
      String role,
      String kind,
      String content,
      String refId,
      String author,
      OffsetDateTime now,
      OffsetDateTime readAt);

  @SqlQuery(
      """
      SELECT id, session_id, role, kind, content, ref_id, author, created_at FROM msg_message
      WHERE tenant_id = :tenant AND session_id = :sessionId AND role = 'user' AND read_at IS NULL
      ORDER BY id
      """)
  List<Message> unread(String tenant, String sessionId);

  @SqlUpdate(
      """
      UPDATE msg_message SET read_at = :now
      WHERE tenant_id = :tenant AND session_id = :sessionId AND role = 'user' AND read_at IS NULL
        AND id <= :upTo
      """)
  void markRead(String tenant, String sessionId, long upTo, OffsetDateTime now);

  @SqlUpdate(
      """
      UPDATE msg_message SET read_at = :now
      WHERE tenant_id = :tenant AND ref_id = :refId AND role = 'user' AND read_at IS NULL
      """)
  void markRefRead(String tenant, String refId, OffsetDateTime now);

  @SqlQuery(
      """
      SELECT id, session_id, role, kind, content, ref_id, author, created_at FROM msg_message
      WHERE tenant_id = :tenant AND session_id = :sessionId AND id > :after
      ORDER BY id LIMIT :limit
      """)
  List<Message> timeline(String tenant, String sessionId, long after, int limit);

  /**
   * Sessions after the cursor {@code (afterRank, afterUpdated, afterId)} in the order active first,
   * then newest update, then id, all descending; {@code unanswered} counts questions and approvals
   * still waiting at {@code now} (expired ones no longer count, read or not).
   */
  @SqlQuery(
      """
      SELECT s.id, s.agent_name, s.status, s.created_at, s.updated_at,
        (SELECT CONCAT('INC-', CAST(i.ref_number AS VARCHAR(20))) FROM incident i
         WHERE i.id = s.incident_id) AS incident_id,
        (SELECT count(*) FROM msg_question q
         WHERE q.session_id = s.id AND q.status = 'pending' AND q.expires_at > :now)
        + (SELECT count(*) FROM approval a
           WHERE a.session_id = s.id AND a.status = 'pending' AND a.expires_at > :now)
        AS unanswered
      FROM msg_session s
      WHERE s.tenant_id = :tenant
        AND (CAST(:status AS TEXT) IS NULL OR s.status = :status)
        AND (CAST(:agent AS TEXT) IS NULL OR s.agent_name = :agent)
        AND (CASE WHEN s.status = 'active' THEN 1 ELSE 0 END, s.updated_at, s.id)
            < (:afterRank, :afterUpdated, :afterId)
      ORDER BY CASE WHEN s.status = 'active' THEN 1 ELSE 0 END DESC, s.updated_at DESC, s.id DESC
      LIMIT :limit
      """)
  List<SessionSummary> list(
      String tenant,
      String status,
      String agent,
      OffsetDateTime now,
      int afterRank,
      OffsetDateTime afterUpdated,
      String afterId,
      int limit);
}
