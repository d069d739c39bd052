package dev.opsmcp.messaging.question;

import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.signal.Settlements;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.signal.Waiting;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Questions that wait for answers. An answer is stored the moment it arrives, whoever waits, and is
 * delivered by any later wait; nothing is ever answered automatically.
 */
public final class Questions {
  private final Database db;
  private final Conversations conversations;
  private final Events events;
  private final Settlements<Question> settlements;
  private final MessagingSettings settings;
  private final QuestionCreated onCreated;

  /** Told of each new question (human notification), inside the transaction that stores it. */
  @FunctionalInterface
  public interface QuestionCreated {
    void created(Handle h, Question question);
  }

  public Questions(
      Database db,
      Conversations conversations,
      Signals signals,
      Events events,
      MessagingSettings settings,
      Clock clock,
      QuestionCreated onCreated) {
    this.db = db;
    this.conversations = conversations;
    this.events = events;
    this.settlements =
        new Settlements<>(
            db,
            signals,
            clock,
            settings.progressInterval(),
            new Settlements.Noun(
                "question", "answered", "the question_id that ask_question returned"),
            Settlements.Rows.of(
                QuestionStore.class, QuestionStore::find, QuestionStore::expireIfDue),
            Questions::key);
    this.settings = settings;
    this.onCreated = onCreated;
  }

  static String key(String id) {
    return "question:" + id;
  }

  public Question ask(String tenant, String sessionId, String text, List<String> choices)
      throws ToolFailure {
    conversations.content("question", text);
    if (choices != null && choices.stream().anyMatch(c -> c == null || c.isBlank())) {
      throw new ToolFailure("choices has an empty entry: send short non-empty options, or none");
    }
    for (String choice : choices == null ? List.<String>of() : choices) {
      StoredText.require("choices", choice);
    }
    String id = Ids.newId("q");
    OffsetDateTime now = settlements.now();
    String choicesJson = choices == null || choices.isEmpty() ? null : Json.write(choices);
    // The question, its timeline entry and its notification are stored together or not at all.
    return db.jdbi()
        .inTransaction(
            h -> {
              QuestionStore s = h.attach(QuestionStore.class);
              s.insert(
                  id, tenant, sessionId, text, choicesJson, now, now.plus(settings.questionTtl()));
              conversations.post(h, tenant, sessionId, "agent", "question", text, id, null);
              Question q = s.find(tenant, id).orElseThrow();
              onCreated.created(h, q);
              h.afterCommit(() -> events.publish(tenant, "question", sessionId, id));
              return q;
            });
  }

  /** The question with expiry applied. */
  public Question find(String tenant, String id) throws ToolFailure {
    return settlements.find(tenant, id);
  }

  /** Waits up to {@code wait} for an answer; returns the question as it then stands. */
  public Question await(Grant grant, String id, Duration wait, Waiting.Tick tick)
      throws ToolFailure {
    return settlements.await(grant, id, wait, tick);
  }

  /** Pending questions of the tenant not yet expired, oldest first, after the keyset. */
  public List<Question> pending(String tenant, OffsetDateTime afterAt, String afterId, int limit) {
    return db.jdbi()
        .withExtension(
            QuestionStore.class,
            s -> s.pending(tenant, settlements.now(), afterAt, afterId, limit));
  }

  public long countPending(String tenant) {
    return db.jdbi()
        .withExtension(QuestionStore.class, s -> s.countPending(tenant, settlements.now()));
  }

  /**
   * Stores a human's answer, signed with {@code author} (the person's name). Answering twice is a
   * conflict that carries the first answer; an expired question cannot be answered.
   */
  public Question answer(String tenant, String id, String answer, String author)
      throws ToolFailure {
    conversations.content("answer", answer);
    Question answered =
        settlements.settle(
            tenant,
            id,
            (h, now) -> h.attach(QuestionStore.class).answer(tenant, id, answer, author, now),
            (h, before, after) ->
                conversations.post(
                    h, tenant, before.sessionId(), "user", "answer", answer, id, author));
    events.publish(tenant, "answer", answered.sessionId(), id);
    return answered;
  }
}
