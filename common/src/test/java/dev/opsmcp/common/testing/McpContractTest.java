package dev.opsmcp.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Prompt;
import dev.opsmcp.common.tool.PromptMessage;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract's rules catch what they promise to catch. */
class McpContractTest {
  record Good(@Param("what to find") String query) {}

  record Undescribed(String query) {}

  record Unmappable(@Param("a thread") Thread thread) {}

  record Counted(@Param("how many") Integer count) {}

  record FakeTool(
      String name,
      String description,
      Class<? extends Record> input,
      Hints hints,
      Set<Scope> scopes)
      implements Tool<Record> {
    @Override
    @SuppressWarnings("unchecked")
    public Class<Record> inputType() {
      return (Class<Record>) input;
    }

    @Override
    public Object call(ToolContext ctx, Record input) {
      return Map.of();
    }
  }

  record FakePrompt(String name, Class<? extends Record> input) implements Prompt<Record> {
    @Override
    public String description() {
      return "A prompt.";
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Record> inputType() {
      return (Class<Record>) input;
    }

    @Override
    public Set<Scope> scopes() {
      return Set.of(Scope.MONITORING_READ);
    }

    @Override
    public List<PromptMessage> messages(Caller caller, Record input) {
      return List.of();
    }
  }

  record FakeResource(String uri, String name, String mimeType, Set<Scope> scopes)
      implements Resource {
    @Override
    public String description() {
      return "A resource.";
    }

    @Override
    public Object read(Caller caller, Map<String, String> variables) {
      return "";
    }
  }

  private static final Set<Scope> ACCESS = Set.of(Scope.MONITORING_READ);

  private static FakeTool tool(String name, Class<? extends Record> in, Hints h, Set<Scope> s) {
    return new FakeTool(name, "Finds things.", in, h, s);
  }

  private static List<String> check(Tool<?> tool) {
    return McpContract.violations(List.of(tool), List.of(), List.of(), ACCESS);
  }

  @Test
  void aWellFormedServer_hasNoViolations() {
    assertThat(
            McpContract.violations(
                List.of(tool("find_things", Good.class, Hints.READ_ONLY, Set.of())),
                List.of(new FakePrompt("review", Good.class)),
                List.of(
                    new FakeResource(
                        "thing://{id}", "thing", "application/json", Set.of(Scope.ADMIN))),
                ACCESS))
        .isEmpty();
  }

  @Test
  void eachBrokenRule_isReported_namingTheThing() {
    assertThat(check(tool("FindThings", Good.class, Hints.READ_ONLY, Set.of())))
        .containsExactly("tool FindThings: name is not snake_case of at most 64 characters");
    assertThat(check(new FakeTool("find", " ", Good.class, Hints.READ_ONLY, Set.of())))
        .containsExactly("tool find: no description");
    assertThat(check(new FakeTool("find", "x".repeat(1201), Good.class, Hints.READ_ONLY, Set.of())))
        .containsExactly("tool find: description over 1200 characters");
    assertThat(check(tool("find", Undescribed.class, Hints.READ_ONLY, Set.of())))
        .containsExactly("tool find: parameter query has no @Param description");
    assertThat(check(tool("find", Unmappable.class, Hints.READ_ONLY, Set.of())))
        .singleElement()
        .asString()
        .startsWith("tool find: no JSON schema for its input");
    assertThat(check(tool("find", Good.class, Hints.READ_ONLY, null)))
        .containsExactly("tool find: declares no scopes");
    assertThat(check(tool("add", Good.class, Hints.WRITE, Set.of())))
        .containsExactly("tool add: writes, so it must name the scopes that may call it");
    assertThat(check(tool("find", Good.class, Hints.READ_ONLY, Set.of(Scope.LOGS_READ))))
        .singleElement()
        .asString()
        .contains("needs scopes no credential of this server holds");
    assertThat(check(tool("wipe", Good.class, new Hints(true, true, true, false), Set.of())))
        .containsExactly("tool wipe: read-only and destructive at once");
  }

  @Test
  void twoToolsOfOneName_aNonStringPromptArgument_andABadResource_areReported() {
    var twice = tool("find", Good.class, Hints.READ_ONLY, Set.of());
    assertThat(McpContract.violations(List.of(twice, twice), List.of(), List.of(), ACCESS))
        .containsExactly("tool find: name used twice");
    assertThat(
            McpContract.violations(
                List.of(), List.of(new FakePrompt("count", Counted.class)), List.of(), ACCESS))
        .containsExactly("prompt count: argument count is not a string");
    assertThat(
            McpContract.violations(
                List.of(),
                List.of(),
                List.of(new FakeResource("thing/{id}", "thing", "", ACCESS)),
                ACCESS))
        .containsExactly(
            "resource thing: no mime type", "resource thing: thing/{id} is not a URI (scheme://…)");
  }
}
