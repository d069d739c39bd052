package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Adds the tools, resources, prompts and completions the conformance scenarios call to a server
 * specification, and declares the capabilities they need. Runs after our host's own setup.
 */
final class ConformanceFixtures implements Consumer<McpServer.SyncSpecification<?>> {
  @Override
  public void accept(McpServer.SyncSpecification<?> spec) {
    List<SyncToolSpecification> tools = new ArrayList<>();
    tools.addAll(ContentTools.all());
    tools.addAll(NotifyingTools.all());
    tools.addAll(ClientRequestTools.all());
    tools.add(JsonSchemaTool.spec());
    spec.capabilities(
            ServerCapabilities.builder()
                .tools(false)
                .logging()
                .resources(true, false)
                .prompts(false)
                .completions()
                .build())
        .tools(tools)
        .resources(FixtureResources.resources())
        .resourceTemplates(FixtureResources.templates())
        .prompts(FixturePrompts.all())
        .completions(FixtureCompletions.all());
  }
}
