package dev.opsmcp.messaging.question;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;

/**
 * A human answers an agent's question (scope messaging:human only, so an agent's key can never
 * answer its own question). The answer is signed with the caller's name.
 */
public final class AnswerQuestionTool implements Tool<AnswerQuestionTool.Input> {
  public record Input(
      @Param("The question_id, from list_pending.") String questionId,
      @Param("Your answer, as the agent will read it.") String answer) {}

  private final Questions questions;

  public AnswerQuestionTool(Questions questions) {
    this.questions = questions;
  }

  @Override
  public String name() {
    return "answer_question";
  }

  @Override
  public String description() {
    return "Answer a pending question an agent asked (see list_pending); for humans, not agents."
        + " Returns the answered question. A question already answered is a conflict showing the"
        + " first answer; an expired one cannot be answered.";
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
    return Set.of(Scope.MESSAGING_HUMAN);
  }

  @Override
  public String auditTarget(Input in) {
    return in.questionId();
  }

  @Override
  public Question call(ToolContext ctx, Input in) throws ToolFailure {
    return questions.answer(
        ctx.caller().tenant(), in.questionId(), in.answer(), ctx.caller().name());
  }
}
