package dev.opsmcp.common.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.auth.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An MCP argument and a REST field with the same mistake are refused in the same words. */
class TypeWordsTest {
  record Input(
      @Param("how many") Integer count,
      @Param(value = "whether", optional = true) Boolean urgent,
      @Param(value = "names", optional = true) List<String> names) {}

  static final Tool<Input> TOOL =
      new Tool<>() {
        @Override
        public String name() {
          return "count_things";
        }

        @Override
        public String description() {
          return "Counts.";
        }

        @Override
        public Class<Input> inputType() {
          return Input.class;
        }

        @Override
        public Hints hints() {
          return Hints.READ_ONLY;
        }

        @Override
        public Set<Scope> scopes() {
          return Set.of(Scope.ADMIN);
        }

        @Override
        public Object call(ToolContext ctx, Input in) {
          return in;
        }
      };

  @Test
  void theSameMistake_overMcpAndRest_isWordedTheSame() {
    sameWords(Map.of("count", "5"), "argument 'count' must be an integer, not the string \"5\"");
    sameWords(Map.of("count", 1.5), "argument 'count' must be an integer");
    sameWords(
        Map.of("count", 1, "urgent", "yes"), "argument 'urgent' must be a boolean (true or false)");
    sameWords(Map.of("count", 1, "names", "a"), "argument 'names' must be an array of strings");
    sameWords(Map.of("count", 1, "colour", "red"), "unknown argument 'colour'; send only ");
  }

  private static void sameWords(Map<String, Object> args, String words) {
    Map<String, Object> sent = new LinkedHashMap<>(args);
    assertThatThrownBy(() -> ToolInvoker.parse(TOOL, sent))
        .as("MCP arguments %s", sent)
        .isInstanceOf(ToolFailure.class)
        .hasMessageContaining(words);
    assertThatThrownBy(
            () -> InputReader.fromTree(Json.MAPPER.valueToTree(sent), Input.class, "argument"))
        .as("REST body %s", sent)
        .isInstanceOf(ToolFailure.class)
        .hasMessageContaining(words);
  }

  @Test
  void aTypeIsNeverNamedAsJava() {
    assertThat(TypeWords.describe(Integer.class)).isEqualTo("an integer");
    assertThat(TypeWords.describe(java.math.BigDecimal.class)).isEqualTo("a number");
    assertThat(TypeWords.describe(java.time.Instant.class)).startsWith("an RFC 3339 date-time");
    assertThat(TypeWords.describe(String[].class)).isEqualTo("an array");
  }
}
