package dev.opsmcp.messaging.session;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;

/** Records a progress step the human can follow; returns their unread feedback. */
public final class LogStepTool implements Tool<LogStepTool.Input> {
  public record Input(
      @Param("What you are doing or found, in one line.") String step,
      @Param(value = "Session to post in; omit on your first call to start one.", optional = true)
          String sessionId) {}

  private final Conversations conversations;

  public LogStepTool(Conversations conversations) {
    this.conversations = conversations;
  }

  @Override
  public String name() {
    return "log_step";
  }

  @Override
  public String description() {
    return "Log a progress step for the humans following this incident. Returns session_id and"
        + " user_messages: anything humans wrote since you last read (read it; they may redirect"
        + " you).";
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
  public Posted call(ToolContext ctx, Input in) throws ToolFailure {
    String step = conversations.content("step", in.step());
    String tenant = ctx.caller().tenant();
    Session session = conversations.open(tenant, in.sessionId(), null, null);
    return conversations.say(tenant, session.id(), "step", step);
  }
}
