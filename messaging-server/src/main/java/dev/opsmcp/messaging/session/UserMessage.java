package dev.opsmcp.messaging.session;

import java.time.OffsetDateTime;
import java.util.List;

/** What a human said, as handed to the agent. */
public record UserMessage(
    long id, String kind, String content, String author, String refId, OffsetDateTime createdAt) {
  public static List<UserMessage> of(List<Message> messages) {
    return messages.stream()
        .map(
            m ->
                new UserMessage(
                    m.id(), m.kind(), m.content(), m.author(), m.refId(), m.createdAt()))
        .toList();
  }
}
