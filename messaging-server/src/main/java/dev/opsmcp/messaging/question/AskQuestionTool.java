package dev.opsmcp.messaging.question;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.session.Conversations;
import java.util.List;
import java.util.Set;

/** Asks the humans a question and waits for the answer. */
public final class AskQuestionTool implements Tool<AskQuestionTool.Input> {
  public record Input(
      @Param("The question, with the context a human needs to answer it.") String question,
      @Param(value = "Session to ask in; omit to start one.", optional = true) String sessionId,
      @Param(
              value = "The incident this is for: its id or reference (17 or INC-42).",
              optional = true)
          String incidentId,
      @Param(
              value = "Suggested answers shown as buttons; humans may still answer freely.",
              optional = true)
          List<String> choices,
      @Param(value = "Seconds to wait before returning pending (default 50).", optional = true)
          Integer waitSeconds) {}

  private final Conversations conversations;
  private final Asking asking;
  private final MessagingSettings settings;
  private final IncidentStore incidents;

  public AskQuestionTool(
      Conversations conversations,
      Asking asking,
      MessagingSettings settings,
      IncidentStore incidents) {
    this.conversations = conversations;
    this.asking = asking;
    this.settings = settings;
    this.incidents = incidents;
  }

  @Override
  public String name() {
    return "ask_question";
  }

  @Override
  public String description() {
    return "Ask the humans a question and wait for the answer. Returns status answered (with"
        + " answer), or pending with question_id when wait_seconds passes first: then call"
        + " wait_for_answer. The answer is kept until you collect it; nothing is answered for you.";
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
  public Answer call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    conversations.content("question", in.question());
    Long incidentId = incidents.idIfGiven(tenant, in.incidentId());
    String sessionId = conversations.open(tenant, in.sessionId(), null, incidentId).id();
    return asking.ask(
        ctx, sessionId, in.question(), in.choices(), settings.waitFor(in.waitSeconds()));
  }
}
