package dev.opsmcp.orchestration;

import dev.opsmcp.common.testing.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An agent as the tests drive it: the SDK's real MCP client, results as maps. */
final class Agent implements AutoCloseable {
  final McpSyncClient client;
  final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

  Agent(String baseUrl, String key) {
    this.client = McpClients.streamable(baseUrl, key, progress::add);
  }

  /** Calls a tool that must succeed; returns its structured content. */
  @SuppressWarnings("unchecked")
  Map<String, Object> call(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = raw(tool, args);
    if (Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " failed: " + text(r));
    }
    return (Map<String, Object>) r.structuredContent();
  }

  /** A successful call's text content and structured content. */
  record Raw(String text, Map<String, Object> structured) {}

  @SuppressWarnings("unchecked")
  Raw rawCall(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = raw(tool, args);
    if (Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " failed: " + text(r));
    }
    return new Raw(text(r), (Map<String, Object>) r.structuredContent());
  }

  McpSchema.CallToolResult raw(String tool, Map<String, Object> args) {
    return client.callTool(
        McpSchema.CallToolRequest.builder()
            .name(tool)
            .arguments(args)
            .progressToken("p-" + tool)
            .build());
  }

  /** Calls a tool that must fail with an isError result; returns its message. */
  String error(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = raw(tool, args);
    if (!Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " should have failed but returned " + r.structuredContent());
    }
    return text(r);
  }

  static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Override
  public void close() {
    client.closeGracefully();
  }
}
