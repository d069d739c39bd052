package dev.opsmcp.messaging.question;

import dev.opsmcp.messaging.session.UserMessage;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where a question stands for the agent: answered (with the answer), pending (call wait_for_answer
 * with question_id) or expired (ask again if still needed).
 */
public record Answer(
    String status,
    String questionId,
    String sessionId,
    String answer,
    String answeredBy,
    OffsetDateTime answeredAt,
    String next,
    List<UserMessage> userMessages) {
  static Answer of(Question q, List<UserMessage> unread) {
    String next =
        switch (q.status()) {
          case "pending" ->
              "no answer yet; call wait_for_answer with this question_id to keep waiting";
          case "expired" -> "the question expired unanswered; ask again if you still need it";
          default -> null;
        };
    return new Answer(
        q.status(),
        q.id(),
        q.sessionId(),
        q.answer(),
        q.answeredBy(),
        q.answeredAt(),
        next,
        unread);
  }
}
