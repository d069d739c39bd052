package dev.opsmcp.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.JsonSchemas;
import dev.opsmcp.common.tool.Prompt;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.ResourceAdapter;
import dev.opsmcp.common.tool.Tool;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every server's MCP surface keeps, checked on the real server: the rules of {@link
 * McpContract}, and through the SDK's real client that what clients are sent (tools with their
 * input schemas and hints, prompts, resources and templates) is exactly what was registered. A
 * server runs it with a five-line {@code *ContractIT} that names its {@link ServerSpec}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerContract {
  private TestServer server;
  private AgentClient client;

  /** The server under contract. */
  protected abstract ServerSpec spec();

  /** Extra environment for starting it (none by default). */
  protected Map<String, String> env() {
    return Map.of();
  }

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(spec(), env());
    client = server.agent(server.newKey("contract", Scope.ADMIN));
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private List<Tool<?>> tools() {
    return server.host().tools();
  }

  @Test
  void toolsPromptsAndResources_keepTheContract() {
    assertThat(
            McpContract.violations(
                tools(),
                server.host().prompts(),
                server.host().resources(),
                server.host().accessScopes()))
        .isEmpty();
  }

  @Test
  void inputSchemas_areDerivedFromTheRecords_andAreWhatClientsSee() {
    Map<String, McpSchema.Tool> listed =
        client.client.listTools().tools().stream()
            .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity()));
    assertThat(listed.keySet())
        .containsExactlyInAnyOrderElementsOf(tools().stream().map(Tool::name).toList());
    for (Tool<?> t : tools()) {
      Object derived = Json.MAPPER.readValue(Json.write(JsonSchemas.of(t.inputType())), Map.class);
      Object sent =
          Json.MAPPER.readValue(Json.write(listed.get(t.name()).inputSchema()), Map.class);
      assertThat(sent).as(t.name()).isEqualTo(derived);
      McpSchema.ToolAnnotations hints = listed.get(t.name()).annotations();
      assertThat(hints.readOnlyHint()).as(t.name()).isEqualTo(t.hints().readOnly());
      assertThat(t.hints().readOnly() && t.hints().destructive())
          .as("%s is read-only and destructive", t.name())
          .isFalse();
    }
  }

  @Test
  void toolsList_showsEachKeyOnlyTheToolsItsScopesAllow() {
    for (Scope scope : server.host().accessScopes()) {
      if (scope == Scope.ADMIN) {
        continue;
      }
      try (AgentClient narrow = server.agent(server.newKey("contract", scope))) {
        assertThat(narrow.client.listTools().tools())
            .as("tools/list for a key with only %s", scope)
            .extracting(McpSchema.Tool::name)
            .containsExactlyInAnyOrderElementsOf(
                tools().stream()
                    .filter(t -> t.scopes().isEmpty() || t.scopes().contains(scope))
                    .map(Tool::name)
                    .toList());
      }
    }
  }

  @Test
  void prompts_areListedAsRegistered() {
    List<Prompt<?>> prompts = server.host().prompts();
    if (prompts.isEmpty()) {
      return;
    }
    assertThat(client.client.listPrompts().prompts())
        .extracting(McpSchema.Prompt::name)
        .containsExactlyInAnyOrderElementsOf(prompts.stream().map(Prompt::name).toList());
  }

  @Test
  void resources_areListedAsResourcesOrTemplates() {
    List<Resource> resources = server.host().resources();
    if (resources.isEmpty()) {
      return;
    }
    assertThat(resources).allSatisfy(r -> assertThat(r.uri()).contains("://"));
    assertThat(client.client.listResources().resources())
        .extracting(McpSchema.Resource::uri)
        .containsExactlyInAnyOrderElementsOf(
            resources.stream()
                .filter(r -> !ResourceAdapter.isTemplate(r))
                .map(Resource::uri)
                .toList());
    assertThat(client.client.listResourceTemplates().resourceTemplates())
        .extracting(McpSchema.ResourceTemplate::uriTemplate)
        .containsExactlyInAnyOrderElementsOf(
            resources.stream().filter(ResourceAdapter::isTemplate).map(Resource::uri).toList());
  }
}
