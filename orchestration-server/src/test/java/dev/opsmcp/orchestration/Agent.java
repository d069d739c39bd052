package dev.opsmcp.orchestration;

import dev.opsmcp.common.testing.AgentClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** The shared MCP test client, plus a successful call's text beside its structured content. */
final class Agent extends AgentClient {
  Agent(String baseUrl, String key) {
    super(baseUrl, key);
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
}
