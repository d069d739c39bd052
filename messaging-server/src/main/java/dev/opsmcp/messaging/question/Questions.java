package dev.opsmcp.messaging.question;

import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.Events;
import dev.opsmcp.messaging.wait.Waiting;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Questions that wait for answers. An answer is stored the moment it arrives, whoever waits, and is
 * delivered by any later wait; nothing is ever answered automatically.
 */
public final class Questions {
  private final Database db;
  private final Conversations conversations;
  private final Signals signals;
  private final Events events;
  private final Waiting waiting;
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
      QuestionCreated onCreated) {
    this.db = db;
    this.conversations = conversations;
    this.signals = signals;
    this.events = events;
    this.waiting = new Waiting(signals, settings.progressInterval());
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
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
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
    Question q = read(tenant, id);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (q.pending() && !q.expiresAt().isAfter(now)) { // write only when expiry is due
      db.jdbi().useExtension(QuestionStore.class, s -> s.expireIfDue(tenant, id, now));
      q = read(tenant, id);
    }
    return q;
  }

  private Question read(String tenant, String id) throws ToolFailure {
    Optional<Question> q =
        StoredText.storable(id)
            ? db.jdbi().withExtension(QuestionStore.class, s -> s.find(tenant, id))
            : Optional.empty();
    return q.orElseThrow(
        () ->
            new ToolFailure(
                ToolFailure.Kind.NOT_FOUND,
                "no question "
                    + Echo.shortened(id)
                    + " in your tenant; use the question_id that ask_question returned"));
  }

  /** Waits up to {@code wait} for an answer; returns the question as it then stands. */
  public Question await(Grant grant, String id, Duration wait, Waiting.Tick tick)
      throws ToolFailure {
    String tenant = grant.caller().tenant();
    return waiting.until(grant, key(id), wait, () -> find(tenant, id), q -> !q.pending(), tick);
  }

  /**
   * Stores a human's answer. Answering twice is a conflict that carries the first answer; an
   * expired question cannot be answered.
   */
  public Question answer(String tenant, String id, String answer, String author)
      throws ToolFailure {
    conversations.content("answer", answer);
    Question q = find(tenant, id);
    int changed =
        db.jdbi()
            .withExtension(
                QuestionStore.class,
                s -> s.answer(tenant, id, answer, author, OffsetDateTime.now(ZoneOffset.UTC)));
    if (changed == 0) {
      Question now = find(tenant, id);
      if ("expired".equals(now.status())) {
        throw new ToolFailure(
            ToolFailure.Kind.EXPIRED,
            "question " + id + " expired unanswered; the agent must ask again");
      }
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT,
          "question " + id + " was already answered",
          java.util.Map.of("question", now));
    }
    conversations.post(tenant, q.sessionId(), "user", "answer", answer, id, author);
    Question answered = find(tenant, id);
    signals.signal(key(id));
    events.publish(tenant, "answer", q.sessionId(), id);
    return answered;
  }
}
