package dev.opsmcp.messaging.question;

import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.UserMessage;
import java.time.Duration;
import java.util.List;

/** Asks and waits as the tools do: progress while waiting, the answer marked delivered. */
public final class Asking {
  private final Questions questions;
  private final Conversations conversations;

  public Asking(Questions questions, Conversations conversations) {
    this.questions = questions;
    this.conversations = conversations;
  }

  public Answer ask(
      ToolContext ctx, String sessionId, String text, List<String> choices, Duration wait)
      throws ToolFailure {
    Question q = questions.ask(ctx.caller().tenant(), sessionId, text, choices);
    return waitFor(ctx, q.id(), wait);
  }

  public Answer waitFor(ToolContext ctx, String questionId, Duration wait) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    Question q = questions.await(ctx, questionId, wait);
    List<UserMessage> unread =
        UserMessage.of(
            "answered".equals(q.status())
                ? conversations.deliveredAndUnread(tenant, q.id(), q.sessionId())
                : conversations.takeUnread(tenant, q.sessionId()));
    return Answer.of(q, unread);
  }
}
