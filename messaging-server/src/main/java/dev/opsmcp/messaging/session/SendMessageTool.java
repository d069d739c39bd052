package dev.opsmcp.messaging.session;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.question.Asking;
import java.util.Set;

/** Tells the human something; with requires_user_input, asks and waits like ask_question. */
public final class SendMessageTool implements Tool<SendMessageTool.Input> {
  public record Input(
      @Param("What to tell the human (markdown).") String content,
      @Param(
              value = "Session to post in; omit on your first message to start one.",
              optional = true)
          String sessionId,
      @Param(
              value = "Your name, shown to humans (only used when starting a session).",
              optional = true)
          String agentName,
      @Param(value = "true to wait for a reply, like ask_question.", optional = true)
          Boolean requiresUserInput,
      @Param(value = "With requires_user_input: seconds to wait (default 50).", optional = true)
          Integer waitSeconds) {}

  private final Conversations conversations;
  private final Asking asking;
  private final MessagingSettings settings;

  public SendMessageTool(Conversations conversations, Asking asking, MessagingSettings settings) {
    this.conversations = conversations;
    this.asking = asking;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "send_message";
  }

  @Override
  public String description() {
    return "Post a message to the humans watching this incident. Returns session_id (pass it on"
        + " every later call), message_id, and user_messages: everything humans wrote since you"
        + " last read. With requires_user_input=true it waits for a reply like ask_question.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return Hints.WRITE;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MESSAGING_AGENT);
  }

  @Override
  public Object call(ToolContext ctx, Input in) throws ToolFailure {
    String content = conversations.content("content", in.content());
    String tenant = ctx.caller().tenant();
    Session session = conversations.open(tenant, in.sessionId(), in.agentName(), null);
    if (Boolean.TRUE.equals(in.requiresUserInput())) {
      return asking.ask(ctx, session.id(), content, null, settings.waitFor(in.waitSeconds()));
    }
    return conversations.say(tenant, session.id(), "message", content);
  }
}
