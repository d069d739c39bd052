package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Prompt;
import dev.opsmcp.common.tool.PromptMessage;
import java.util.List;
import java.util.Set;

/** The test server's prompt: asks the model to review the tenant's notes on a topic. */
record ReviewNotesPrompt(NoteStore notes) implements Prompt<ReviewNotesPrompt.Input> {
  record Input(
      @Param("what the notes are about") String topic,
      @Param(value = "who reads the review", optional = true) String audience) {}

  @Override
  public String name() {
    return "review_notes";
  }

  @Override
  public String description() {
    return "Review your tenant's notes on a topic.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MONITORING_READ);
  }

  @Override
  public List<PromptMessage> messages(Caller caller, Input in) {
    int count = notes.list(caller.tenant(), in.topic(), 0, 1000).size();
    return List.of(
        PromptMessage.user(
            "Review my "
                + count
                + " notes about "
                + in.topic()
                + (in.audience() == null ? "" : " for " + in.audience())
                + ": call list_notes, then summarise."));
  }
}
