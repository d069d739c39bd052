package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestClock;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prompts, resources and tool scopes through the SDK's real client on a real server: listed,
 * rendered, read, refused with the scope named, tenant-bound; and the process clock.
 */
class McpFeaturesIT {
  static final TestClock CLOCK = new TestClock(Instant.parse("2025-01-31T12:00:00Z"));
  static TestServer server;
  static AgentClient reader;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(NotesServer.SPEC, Map.of(), TestDatabases.fresh(), true, CLOCK);
    reader = server.agent(server.newKey("acme", Scope.MONITORING_READ));
  }

  @AfterAll
  static void stop() {
    reader.close();
    server.close();
  }

  @Test
  void aPrompt_isListedWithItsArguments_andRendered() {
    McpSchema.Prompt listed = reader.client.listPrompts().prompts().get(0);
    assertThat(listed.name()).isEqualTo("review_notes");
    assertThat(listed.arguments())
        .extracting(a -> a.name() + ":" + a.required())
        .containsExactly("topic:true", "audience:false");
    reader.call("add_note", Map.of("text", "redis failover"));
    assertThat(reader.prompt("review_notes", Map.of("topic", "redis", "audience", "the CTO")))
        .containsExactly(
            "Review my 1 notes about redis for the CTO: call list_notes, then summarise.");
  }

  @Test
  void aPromptMissingAnArgument_isAnInvalidParamsError_sayingWhichOne() {
    assertThatThrownBy(() -> reader.prompt("review_notes", Map.of()))
        .isInstanceOfSatisfying(
            McpError.class,
            e ->
                assertThat(e.getJsonRpcError().code())
                    .isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS))
        .hasMessageContaining("missing required argument 'topic'");
  }

  @Test
  void aResourceTemplate_isListed_andReadForTheCallersTenantOnly() {
    assertThat(reader.client.listResourceTemplates().resourceTemplates())
        .extracting(McpSchema.ResourceTemplate::uriTemplate)
        .containsExactly("note://{id}");
    long id = ((Number) reader.call("add_note", Map.of("text", "db at 95%")).get("id")).longValue();
    assertThat(reader.read("note://" + id)).isEqualTo("{\"id\":" + id + ",\"text\":\"db at 95%\"}");

    try (AgentClient other = server.agent(server.newKey("other", Scope.MONITORING_READ))) {
      assertThatThrownBy(() -> other.read("note://" + id))
          .isInstanceOfSatisfying(
              McpError.class,
              e ->
                  assertThat(e.getJsonRpcError().code())
                      .isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND))
          .hasMessageContaining("no note " + id);
    }
  }

  @Test
  void aCredentialWithoutTheDeclaredScope_isRefusedByTheHost_namingTheScope() {
    try (AgentClient writer = server.agent(server.newKey("acme", Scope.INCIDENTS_WRITE))) {
      // add_note declares monitoring:read and never checks it itself.
      assertThat(writer.error("add_note", Map.of("text", "x"))).contains("monitoring:read");
      assertThatThrownBy(() -> writer.prompt("review_notes", Map.of("topic", "x")))
          .hasMessageContaining("monitoring:read");
      assertThatThrownBy(() -> writer.read("note://1")).hasMessageContaining("monitoring:read");
    }
    Long count =
        server
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM test_note WHERE text = 'x'")
                        .mapTo(Long.class)
                        .one());
    assertThat(count).isZero();
  }

  @Test
  void systemInfo_measuresUptimeOnTheProcessClock() {
    long before = ((Number) reader.call("system_info", Map.of()).get("uptime_seconds")).longValue();
    CLOCK.advance(Duration.ofHours(2));
    long after = ((Number) reader.call("system_info", Map.of()).get("uptime_seconds")).longValue();
    assertThat(after - before).isEqualTo(7200);
  }
}
