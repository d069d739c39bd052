package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.McpClients;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestDatabases;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a server process while clients write through MCP, then a restart: every write
 * the client was told is stored must be there (embedded default or PostgreSQL).
 */
class DurabilityIT {
  private static final int WRITERS = 4;

  @Test
  void kill9DuringWrites_losesNoAcknowledgedWrite() throws Exception {
    DatabaseConfig config = TestDatabases.freshConfig();
    String key;
    try (Database db = Database.open(config)) { // closed again so the child owns the H2 file
      Migrations.migrate(db, "common");
      new Tenants(db).create("acme");
      key =
          new ApiKeys(db, Duration.ZERO)
              .create("acme", "writer", Set.of(Scope.MONITORING_READ))
              .secret();
    }
    Map<String, String> env = TestDatabases.env(config);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    ChildServer child =
        ChildServer.start(NotesServer.class.getName(), "OPSMCP_NOTES_PORT", env)
            .awaitHealthy(Duration.ofSeconds(60));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.submit(() -> write(child.baseUrl(), key, writer, acknowledged, stop));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    child.kill9(); // mid-stream: writers are still sending
    stop.set(true);
    writers.shutdown();
    assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

    try (ChildServer restarted =
        ChildServer.start(NotesServer.class.getName(), "OPSMCP_NOTES_PORT", env)
            .awaitHealthy(Duration.ofSeconds(60))) {
      McpSyncClient client = McpClients.streamable(restarted.baseUrl(), key);
      try {
        List<String> stored = notes(client);
        assertThat(stored).containsAll(acknowledged);
      } finally {
        client.closeGracefully();
      }
    }
  }

  private static void write(
      String baseUrl, String key, int writer, Set<String> acknowledged, AtomicBoolean stop) {
    McpSyncClient client = McpClients.streamable(baseUrl, key);
    try {
      for (int n = 0; !stop.get(); n++) {
        String text = "w" + writer + "-" + n;
        var result =
            client.callTool(new McpSchema.CallToolRequest("add_note", Map.of("text", text)));
        if (!Boolean.TRUE.equals(result.isError())) {
          acknowledged.add(text);
        }
      }
    } catch (RuntimeException killed) {
      // the server died under us: everything acknowledged so far must survive
    } finally {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // already broken
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> notes(McpSyncClient client) {
    var result = client.callTool(new McpSchema.CallToolRequest("list_notes", Map.of()));
    var notes =
        (List<Map<String, Object>>) ((Map<String, Object>) result.structuredContent()).get("notes");
    return notes.stream().map(n -> (String) n.get("text")).toList();
  }
}
