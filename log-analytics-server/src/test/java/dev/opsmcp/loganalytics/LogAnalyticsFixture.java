package dev.opsmcp.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.loganalytics.sandbox.Workspaces;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real log-analytics server on port 0 over a fresh database, with helpers for its tools. */
public final class LogAnalyticsFixture implements AutoCloseable {
  public final TestServer server;

  /** This server's first sandbox uid: random, so test JVMs running at once do not collide. */
  public final int uidBase;

  private final List<McpSyncClient> clients = new ArrayList<>();

  private LogAnalyticsFixture(TestServer server, int uidBase) {
    this.server = server;
    this.uidBase = uidBase;
  }

  /** A server over a fresh database; its data dir is a temp dir of mode 0700, like a home. */
  public static LogAnalyticsFixture start(Map<String, String> env) throws Exception {
    return start(TestDatabases.fresh(), env);
  }

  private static LogAnalyticsFixture start(Database db, Map<String, String> env) throws Exception {
    Map<String, String> vars = new java.util.HashMap<>(env);
    vars.putIfAbsent(
        "OPSMCP_ANALYSIS_UID_BASE",
        Integer.toString(
            300_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(50_000) * 16));
    int uidBase = Integer.parseInt(vars.get("OPSMCP_ANALYSIS_UID_BASE"));
    return new LogAnalyticsFixture(
        TestServer.start(LogAnalyticsServer.SPEC, vars, db, true), uidBase);
  }

  /**
   * A server whose data directory is {@code dataDir} (created if needed), on the suite's database.
   */
  public static LogAnalyticsFixture startIn(Path dataDir, Map<String, String> env)
      throws Exception {
    Files.createDirectories(dataDir);
    DatabaseConfig fresh = TestDatabases.freshConfig();
    DatabaseConfig config =
        new DatabaseConfig(
            fresh.kind(),
            fresh.kind() == DatabaseKind.H2
                ? DatabaseConfig.embedded(dataDir, fresh.poolSize()).jdbcUrl()
                : fresh.jdbcUrl(),
            fresh.user(),
            fresh.password(),
            dataDir,
            fresh.poolSize());
    return start(Database.open(config), env);
  }

  public Path dataDir() {
    return server.db().config().dataDir();
  }

  /** The server's analysis workspaces (creating a tenant's creates its areas). */
  public Workspaces workspaces() {
    return new Workspaces(dataDir().resolve("analytics"));
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
    return Http.exchange("POST", server.baseUrl() + path, key, contentType, body, headers);
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
