package dev.opsmcp.messaging.question;

import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.signal.SettleableTable;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.session.SessionRequests;
import java.util.List;

/**
 * Questions that wait for answers. An answer is stored the moment it arrives, whoever waits, and is
 * delivered by any later wait; nothing is ever answered automatically.
 */
public final class Questions extends SessionRequests<Question> {
  public Questions(Wiring wiring, Created<Question> onCreated) {
    super(
        wiring,
        new Noun("question", "answered", "the question_id that ask_question returned"),
        new SettleableTable<>("msg_question", Question.class),
        Questions::key,
        Question::sessionId,
        onCreated);
  }

  static String key(String id) {
    return "question:" + id;
  }

  public Question ask(String tenant, String sessionId, String text, List<String> choices)
      throws ToolFailure {
    conversations().content("question", text);
    if (choices != null && choices.stream().anyMatch(c -> c == null || c.isBlank())) {
      throw new ToolFailure("choices has an empty entry: send short non-empty options, or none");
    }
    for (String choice : choices == null ? List.<String>of() : choices) {
      StoredText.require("choices", choice);
    }
    String id = Ids.newId("q");
    String choicesJson = choices == null || choices.isEmpty() ? null : Json.write(choices);
    return create(
        tenant,
        sessionId,
        id,
        "question",
        text,
        (h, now) ->
            h.attach(QuestionStore.class)
                .insert(
                    id,
                    tenant,
                    sessionId,
                    text,
                    choicesJson,
                    now,
                    now.plus(settings().questionTtl())));
  }

  /**
   * Stores a human's answer, signed with {@code author} (the person's name). Answering twice is a
   * conflict that carries the first answer; an expired question cannot be answered.
   */
  public Question answer(String tenant, String id, String answer, String author)
      throws ToolFailure {
    conversations().content("answer", answer);
    return settleInSession(
        tenant,
        id,
        (h, now) -> h.attach(QuestionStore.class).answer(tenant, id, answer, author, now),
        "answer",
        answer,
        author);
  }
}
