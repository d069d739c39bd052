package dev.opsmcp.messaging.session;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.Set;

/** Closes a session with an optional summary. */
public final class EndSessionTool implements Tool<EndSessionTool.Input> {
  public record Input(
      @Param("The session to end.") String sessionId,
      @Param(value = "What was done and where things stand, for the humans.", optional = true)
          String summary) {}

  /** The ended session and any messages humans left that the agent had not read. */
  public record Output(String sessionId, String status, List<UserMessage> userMessages) {}

  private final Conversations conversations;

  public EndSessionTool(Conversations conversations) {
    this.conversations = conversations;
  }

  @Override
  public String name() {
    return "end_session";
  }

  @Override
  public String description() {
    return "End a messaging session when your work is done, with a short summary for the humans.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return new Hints(false, false, false, false);
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MESSAGING_AGENT);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    if (in.summary() != null) {
      conversations.content("summary", in.summary());
    }
    Session ended = conversations.end(tenant, in.sessionId(), in.summary(), null);
    return new Output(
        ended.id(), ended.status(), UserMessage.of(conversations.takeUnread(tenant, ended.id())));
  }
}
