package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * A second tenant whose data must come through an attack on the first untouched: seeded through the
 * public tools of all four servers, then every row of every table with a {@code tenant_id} column
 * read back as text.
 */
final class Bystander {
  static final String TENANT = "bystander";

  private Bystander() {}

  /** Writes an incident with a timeline event, messages, a change and a saved script. */
  static void seed(FourServers servers) {
    String key = servers.byName.get("messaging").newKey(TENANT, all());
    call(
        servers,
        key,
        "orchestration",
        "create_incident",
        Map.of("title", "db slow", "severity", "SEV2"));
    call(servers, key, "messaging", "log_step", Map.of("step", "looking at the database"));
    call(servers, key, "messaging", "send_message", Map.of("content", "bystander's note"));
    call(
        servers,
        key,
        "monitoring",
        "record_change",
        Map.of("service", "checkout", "kind", "deploy", "version", "v1"));
    call(
        servers,
        key,
        "log-analytics",
        "save_analysis_script",
        Map.of("name", "count_lines", "code", "print(1)"));
  }

  /** Every row of the tenant, per table, as sorted text. */
  static Map<String, List<String>> rows(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> {
          List<String> tables =
              h.createQuery(
                      """
                      SELECT table_name FROM information_schema.columns
                      WHERE lower(column_name) = 'tenant_id'
                        AND lower(table_schema) = lower(current_schema())
                      """)
                  .mapTo(String.class)
                  .list();
          Map<String, List<String>> rows = new TreeMap<>();
          for (String table : tables) {
            // The name comes from the catalog, not from input.
            List<String> lines =
                new ArrayList<>(
                    h.createQuery("SELECT * FROM " + table + " WHERE tenant_id = :t")
                        .bind("t", TENANT)
                        .mapToMap()
                        .map(row -> new TreeMap<>(row).toString())
                        .list());
            lines.sort(null);
            rows.put(table.toLowerCase(java.util.Locale.ROOT), lines);
          }
          return rows;
        });
  }

  private static Scope[] all() {
    return java.util.Arrays.stream(Scope.values())
        .filter(s -> s != Scope.ADMIN)
        .toArray(Scope[]::new);
  }

  private static void call(
      FourServers servers, String key, String server, String tool, Map<String, Object> args) {
    McpSyncClient client = McpClients.streamable(servers.url(server), key);
    try {
      McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
      assertThat(result.isError())
          .as(server + " " + tool + ": " + result.content())
          .isNotEqualTo(true);
    } finally {
      client.closeGracefully();
    }
  }
}
