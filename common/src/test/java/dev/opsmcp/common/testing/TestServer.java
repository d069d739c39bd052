package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A real server on a free port over a fresh database (embedded or PostgreSQL, see {@link
 * TestDatabases}), plus helpers to mint keys and connect the SDK's real client. Close it after use.
 */
public final class TestServer implements AutoCloseable {
  private final Database db;
  private final McpHost host;
  private final boolean ownsDb;

  private TestServer(Database db, McpHost host, boolean ownsDb) {
    this.db = db;
    this.host = host;
    this.ownsDb = ownsDb;
  }

  public static TestServer start(ServerSpec spec) throws Exception {
    return start(spec, Map.of());
  }

  /** Starts {@code spec} on port 0 with extra environment variables (e.g. a low rate limit). */
  public static TestServer start(ServerSpec spec, Map<String, String> env) throws Exception {
    return start(spec, env, TestDatabases.fresh(), true);
  }

  public static TestServer start(
      ServerSpec spec, Map<String, String> env, Database db, boolean ownsDb) throws Exception {
    Map<String, String> vars = new HashMap<>(TestDatabases.env(db.config()));
    vars.put(spec.portVariable(), "0");
    vars.putAll(env);
    ServerConfig config =
        ServerConfig.fromEnv(new Env(vars), spec.name(), spec.portVariable(), spec.defaultPort());
    try {
      return new TestServer(db, spec.factory().start(config, db), ownsDb);
    } catch (Exception e) {
      if (ownsDb) {
        db.close();
      }
      throw e;
    }
  }

  public String baseUrl() {
    return host.baseUrl();
  }

  public int port() {
    return host.port();
  }

  public Database db() {
    return db;
  }

  /**
   * A new key of {@code tenant} (created if needed) with {@code scopes} (agent default if none).
   */
  public String newKey(String tenant, Scope... scopes) {
    new Tenants(db).create(tenant);
    Set<Scope> set = scopes.length == 0 ? Scope.AGENT_DEFAULT : EnumSet.of(scopes[0], scopes);
    return new ApiKeys(db, Duration.ZERO).create(tenant, "test", set).secret();
  }

  public McpSyncClient streamableClient(String key) {
    return McpClients.streamable(baseUrl(), key);
  }

  public McpSyncClient sseClient(String key) {
    return McpClients.sse(baseUrl(), key);
  }

  @Override
  public void close() {
    host.close();
    if (ownsDb) {
      db.close();
    }
  }
}
