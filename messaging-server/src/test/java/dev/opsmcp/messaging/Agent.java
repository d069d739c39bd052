package dev.opsmcp.messaging;

import dev.opsmcp.common.testing.AgentClient;

/** An agent as the messaging tests drive it: the shared MCP test client. */
final class Agent extends AgentClient {
  Agent(String baseUrl, String key) {
    super(baseUrl, key);
  }
}
