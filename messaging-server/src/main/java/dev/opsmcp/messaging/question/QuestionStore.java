package dev.opsmcp.messaging.question;

import java.time.OffsetDateTime;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * SQL for questions: the insert and the answer (written once: the update only matches a pending
 * row). Reads, expiry and the pending list are {@code Settlements}'.
 */
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

  @SqlUpdate(
      """
      UPDATE msg_question SET status = 'answered', answer = :answer, answered_by = :author, answered_at = :now
      WHERE tenant_id = :tenant AND id = :id AND status = 'pending' AND expires_at > :now
      """)
  int answer(String tenant, String id, String answer, String author, OffsetDateTime now);
}
