package dev.opsmcp.dist;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * One client writing values {@code <prefix>-0, -1, …} through one server for as long as it runs,
 * keeping the client it started with whatever happens to the server. A value the server
 * acknowledged is recorded; one whose call failed is given up, unless the write is idempotent (an
 * incident's dedupe key), when the same value is sent again until acknowledged.
 */
final class LoadWriter implements Runnable {
  interface Write {
    boolean send(String value) throws Exception;
  }

  final String name;
  private final String prefix;
  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Write write;
  private final boolean idempotent;
  private final String storedSql;
  private final AtomicInteger failed = new AtomicInteger();
  private volatile boolean stop;

  private LoadWriter(
      String name, String prefix, boolean idempotent, String storedSql, Write write) {
    this.name = name;
    this.prefix = prefix;
    this.idempotent = idempotent;
    this.storedSql = storedSql;
    this.write = write;
  }

  /** A message, an incident, a change and a log record, each through its server. */
  static List<LoadWriter> all(
      String messaging, String orchestration, String monitoring, String logAnalytics, String key) {
    McpSyncClient messages = McpClients.streamable(messaging, key);
    McpSyncClient incidents = McpClients.streamable(orchestration, key);
    McpSyncClient changes = McpClients.streamable(monitoring, key);
    return List.of(
        new LoadWriter(
            "send_message",
            "m-",
            false,
            "SELECT content AS v, count(*) AS n FROM msg_message WHERE content LIKE 'm-%'"
                + " GROUP BY content",
            v -> ok(messages, "send_message", Map.of("content", v))),
        new LoadWriter(
            "create_incident (dedupe key, retried)",
            "i-",
            true,
            "SELECT dedupe_key AS v, count(*) AS n FROM incident WHERE dedupe_key LIKE 'i-%'"
                + " GROUP BY dedupe_key",
            v ->
                ok(
                    incidents,
                    "create_incident",
                    Map.of("title", v, "severity", "SEV3", "dedupe_key", v))),
        new LoadWriter(
            "record_change",
            "c-",
            false,
            "SELECT version AS v, count(*) AS n FROM change_event WHERE version LIKE 'c-%'"
                + " GROUP BY version",
            v ->
                ok(
                    changes,
                    "record_change",
                    Map.of("service", "checkout", "kind", "deploy", "version", v))),
        new LoadWriter(
            "POST /api/v1/logs",
            "l-",
            false,
            "SELECT body AS v, count(*) AS n FROM log_record WHERE body LIKE 'l-%' GROUP BY body",
            v ->
                Http.postJson(
                            logAnalytics + "/api/v1/logs",
                            "[{\"ts\":\""
                                + Instant.now()
                                + "\",\"service\":\"checkout\",\"level\":\"INFO\",\"message\":\""
                                + v
                                + "\"}]",
                            "Authorization",
                            Http.bearer(key))
                        .statusCode()
                    == 200));
  }

  private static boolean ok(McpSyncClient client, String tool, Map<String, Object> args) {
    return !Boolean.TRUE.equals(
        client.callTool(new McpSchema.CallToolRequest(tool, args)).isError());
  }

  @Override
  public void run() {
    int n = 0;
    while (!stop) {
      String value = prefix + n;
      boolean acked;
      try {
        acked = write.send(value);
      } catch (Exception | Error serverGone) {
        acked = false;
      }
      if (acked) {
        acknowledged.add(value);
      } else {
        failed.incrementAndGet();
        pause();
      }
      if (acked || !idempotent) {
        n++;
      }
    }
  }

  void stop() {
    stop = true;
  }

  /** Each of this writer's values stored, with how many times. */
  Map<String, Long> stored(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createQuery(storedSql)
                .reduceRows(
                    new java.util.HashMap<String, Long>(),
                    (map, row) -> {
                      map.put(row.getColumn("v", String.class), row.getColumn("n", Long.class));
                      return map;
                    }));
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + ": " + acknowledged.size() + " acknowledged, " + failed.get() + " failed";
  }
}
