package dev.opsmcp.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real log-analytics server on port 0 over a fresh database, with helpers for its tools. */
public final class LogAnalyticsFixture implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public final TestServer server;

  /** This server's first sandbox uid: random, so test JVMs running at once do not collide. */
  public final int uidBase;

  private final List<McpSyncClient> clients = new ArrayList<>();

  private LogAnalyticsFixture(TestServer server, int uidBase) {
    this.server = server;
    this.uidBase = uidBase;
  }

  public static LogAnalyticsFixture start(Map<String, String> env) throws Exception {
    return start(env, true);
  }

  /** {@code traversable}: let the sandbox uids reach the workspace (temp dirs are 0700). */
  public static LogAnalyticsFixture start(Map<String, String> env, boolean traversable)
      throws Exception {
    Database db = TestDatabases.fresh();
    if (traversable) {
      Files.setPosixFilePermissions(
          db.config().dataDir(), PosixFilePermissions.fromString("rwx--x--x"));
    }
    Map<String, String> vars = new java.util.HashMap<>(env);
    vars.putIfAbsent(
        "OPSMCP_ANALYSIS_UID_BASE",
        Integer.toString(
            300_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(50_000) * 16));
    int uidBase = Integer.parseInt(vars.get("OPSMCP_ANALYSIS_UID_BASE"));
    return new LogAnalyticsFixture(
        TestServer.start(LogAnalyticsServer.SPEC, vars, db, true), uidBase);
  }

  public Path dataDir() {
    return server.db().config().dataDir();
  }

  public String key(String tenant, Scope... scopes) {
    return server.newKey(tenant, scopes);
  }

  public McpSyncClient client(String key) {
    McpSyncClient c = server.streamableClient(key);
    clients.add(c);
    return c;
  }

  public McpSchema.CallToolResult raw(McpSyncClient c, String tool, Map<String, Object> args) {
    return c.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> call(McpSyncClient c, String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = raw(c, tool, args);
    assertThat(r.isError()).as("%s failed: %s", tool, text(r)).isNotEqualTo(Boolean.TRUE);
    return (Map<String, Object>) r.structuredContent();
  }

  public String error(McpSyncClient c, String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = raw(c, tool, args);
    assertThat(r.isError()).as("%s should fail: %s", tool, text(r)).isTrue();
    return text(r);
  }

  public static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  public HttpResponse<byte[]> post(
      String path, String key, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", contentType)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public long countLogs(String tenant) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM log_record WHERE tenant_id = :t")
                    .bind("t", tenant)
                    .mapTo(Long.class)
                    .one());
  }

  @Override
  public void close() {
    clients.forEach(McpSyncClient::closeGracefully);
    server.close();
  }
}
