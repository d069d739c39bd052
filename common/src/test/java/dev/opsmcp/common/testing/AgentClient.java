package dev.opsmcp.common.testing;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent as tests drive it: the SDK's real streamable-HTTP client with a bearer credential, tool
 * results as maps, prompts and resources as text, and every progress notification it received.
 */
public class AgentClient implements AutoCloseable {
  public final McpSyncClient client;
  public final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

  public AgentClient(String baseUrl, String key) {
    this.client = McpClients.streamable(baseUrl, key, progress::add);
  }

  /** Calls a tool that must succeed; returns its structured content. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> call(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = raw(tool, args);
    if (Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " failed: " + text(r));
    }
    return (Map<String, Object>) r.structuredContent();
  }

  /** Calls a tool as is, with a progress token (as Claude Code sends one). */
  public McpSchema.CallToolResult raw(String tool, Map<String, Object> args) {
    return client.callTool(
        McpSchema.CallToolRequest.builder()
            .name(tool)
            .arguments(args)
            .progressToken("p-" + tool)
            .build());
  }

  /** Calls a tool that must fail with an isError result; returns its message. */
  public String error(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = raw(tool, args);
    if (!Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " should have failed but returned " + r.structuredContent());
    }
    return text(r);
  }

  /** The text of each message of prompt {@code name}. */
  public List<String> prompt(String name, Map<String, Object> args) {
    return client.getPrompt(new McpSchema.GetPromptRequest(name, args)).messages().stream()
        .map(m -> ((McpSchema.TextContent) m.content()).text())
        .toList();
  }

  /** The text of the resource at {@code uri}. */
  public String read(String uri) {
    var contents = client.readResource(new McpSchema.ReadResourceRequest(uri)).contents();
    return ((McpSchema.TextResourceContents) contents.get(0)).text();
  }

  public static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Override
  public void close() {
    client.closeGracefully();
  }
}
