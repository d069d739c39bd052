package dev.opsmcp.messaging.question;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import java.util.Set;

/** Keeps waiting for the answer to a question asked earlier. */
public final class WaitForAnswerTool implements Tool<WaitForAnswerTool.Input> {
  public record Input(
      @Param("The question_id that ask_question returned.") String questionId,
      @Param(value = "Seconds to wait before returning pending (default 50).", optional = true)
          Integer waitSeconds) {}

  private final Asking asking;
  private final MessagingSettings settings;

  public WaitForAnswerTool(Asking asking, MessagingSettings settings) {
    this.asking = asking;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "wait_for_answer";
  }

  @Override
  public String description() {
    return "Wait for the answer to a question you asked. Returns answered (with answer), pending"
        + " (call again) or expired.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return new Hints(false, false, true, false); // marks the answer delivered
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MESSAGING_AGENT);
  }

  @Override
  public Answer call(ToolContext ctx, Input in) throws ToolFailure {
    return asking.waitFor(ctx, in.questionId(), settings.waitFor(in.waitSeconds()));
  }
}
