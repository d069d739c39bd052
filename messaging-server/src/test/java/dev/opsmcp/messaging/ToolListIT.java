package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tools/list shows each credential the tools its scopes allow, over both transports (the SDK's real
 * clients): an agent's key does not see the human tools, a human's key does, and a hidden tool is
 * still refused by name when called.
 */
class ToolListIT {
  private static final List<String> HUMAN_TOOLS =
      List.of("list_pending", "answer_question", "decide_approval");
  private static final List<String> AGENT_TOOLS =
      List.of("send_message", "log_step", "ask_question", "request_approval", "end_session");
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(MessagingServer.SPEC, Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> names(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  @Test
  void anAgentKey_doesNotSeeTheHumanTools_andCallingOneIsStillRefused() {
    try (AgentClient agent = server.agent(server.newKey("list-agent", Scope.MESSAGING_AGENT))) {
      List<String> listed = names(agent.client);
      assertThat(listed).contains("system_info").containsAll(AGENT_TOOLS);
      assertThat(listed).doesNotContainAnyElementsOf(HUMAN_TOOLS);
      assertThat(agent.error("list_pending", Map.of())).contains("messaging:human");
    }
  }

  @Test
  void aHumanKey_seesTheHumanTools_andNotTheAgentOnes() {
    try (AgentClient human = server.agent(server.newKey("list-human", Scope.MESSAGING_HUMAN))) {
      List<String> listed = names(human.client);
      assertThat(listed).contains("system_info").containsAll(HUMAN_TOOLS);
      assertThat(listed).doesNotContainAnyElementsOf(AGENT_TOOLS);
    }
  }

  @Test
  void overLegacySse_anAgentKeySeesNoHumanTool_andAKeyWithBothScopesSeesEveryTool() {
    McpSyncClient agent = server.sseClient(server.newKey("list-sse", Scope.MESSAGING_AGENT));
    McpSyncClient both =
        server.sseClient(server.newKey("list-sse", Scope.MESSAGING_AGENT, Scope.MESSAGING_HUMAN));
    try {
      assertThat(names(agent)).containsAll(AGENT_TOOLS).doesNotContainAnyElementsOf(HUMAN_TOOLS);
      assertThat(names(both)).containsAll(HUMAN_TOOLS).containsAll(AGENT_TOOLS);
    } finally {
      agent.closeGracefully();
      both.closeGracefully();
    }
  }
}
