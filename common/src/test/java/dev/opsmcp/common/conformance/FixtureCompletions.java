package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import java.util.List;

/** Completes the arguments of the fixture prompt with arguments from a fixed word list. */
final class FixtureCompletions {
  private static final List<String> WORDS = List.of("paris", "park", "party", "test", "testing");

  private FixtureCompletions() {}

  static List<SyncCompletionSpecification> all() {
    return List.of(
        new SyncCompletionSpecification(
            new PromptReference(FixturePrompts.WITH_ARGUMENTS),
            (exchange, request) -> {
              String prefix = request.argument().value();
              List<String> values = WORDS.stream().filter(w -> w.startsWith(prefix)).toList();
              return new CompleteResult(new CompleteCompletion(values, values.size(), false));
            }));
  }
}
