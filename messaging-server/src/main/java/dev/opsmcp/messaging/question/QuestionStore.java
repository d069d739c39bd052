package dev.opsmcp.messaging.question;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for questions. An answer is written once: the update only matches a pending row. */
@RegisterConstructorMapper(Question.class)
interface QuestionStore {
  @SqlUpdate(
      """
      INSERT INTO msg_question (id, tenant_id, session_id, question, choices, status, created_at, expires_at)
      VALUES (:id, :tenant, :sessionId, :question, :choices, 'pending', :now, :expiresAt)
      """)
  void insert(
      String id,
      String tenant,
      String sessionId,
      String question,
      String choices,
      OffsetDateTime now,
      OffsetDateTime expiresAt);

  @SqlQuery("SELECT * FROM msg_question WHERE tenant_id = :tenant AND id = :id")
  Optional<Question> find(String tenant, String id);

  @SqlUpdate(
      """
      UPDATE msg_question SET status = 'expired'
      WHERE tenant_id = :tenant AND id = :id AND status = 'pending' AND expires_at <= :now
      """)
  int expireIfDue(String tenant, String id, OffsetDateTime now);

  @SqlUpdate(
      """
      UPDATE msg_question SET status = 'answered', answer = :answer, answered_by = :author, answered_at = :now
      WHERE tenant_id = :tenant AND id = :id AND status = 'pending' AND expires_at > :now
      """)
  int answer(String tenant, String id, String answer, String author, OffsetDateTime now);

  /**
   * Pending questions not yet expired, oldest first, after the keyset ({@code afterAt, afterId}).
   */
  @SqlQuery(
      """
      SELECT * FROM msg_question
      WHERE tenant_id = :tenant AND status = 'pending' AND expires_at > :now
        AND (created_at > :afterAt OR (created_at = :afterAt AND id > :afterId))
      ORDER BY created_at, id
      LIMIT :limit
      """)
  List<Question> pending(
      String tenant, OffsetDateTime now, OffsetDateTime afterAt, String afterId, int limit);

  @SqlQuery(
      """
      SELECT count(*) FROM msg_question
      WHERE tenant_id = :tenant AND status = 'pending' AND expires_at > :now
      """)
  long countPending(String tenant, OffsetDateTime now);
}
