package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ProcessContext;
import dev.opsmcp.common.server.ServerSpec;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real server on a free port over a fresh database (embedded or PostgreSQL, see {@link
 * TestDatabases}), started as {@code Launch} starts it: its modules migrated, then a fresh {@link
 * ProcessContext} (signals, outbox and dispatcher, cursor key, the given clock). Helpers mint keys
 * and connect the SDK's real client. Close it after use: it closes the server, its context, and the
 * database when it opened it.
 */
public final class TestServer implements AutoCloseable {
  private final Database db;
  private final ProcessContext process;
  private final McpHost host;
  private final boolean ownsDb;

  private TestServer(Database db, ProcessContext process, McpHost host, boolean ownsDb) {
    this.db = db;
    this.process = process;
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

  /**
   * Several servers in this JVM over {@code db}, in order, as {@code Launch} starts them: every
   * module of every one migrated first, so no server's background work meets a table that a later
   * server's migration is still changing (messaging's alter common's {@code approval}). The caller
   * closes the servers and the database.
   */
  public static List<TestServer> startAll(
      List<ServerSpec> specs, Map<String, String> env, Database db) throws Exception {
    Migrations.migrateAll(db, Launch.migrationModules(specs));
    List<TestServer> started = new ArrayList<>();
    try {
      for (ServerSpec spec : specs) {
        started.add(start(spec, env, db, false));
      }
    } catch (Exception | Error e) {
      started.forEach(TestServer::close);
      throw e;
    }
    return started;
  }

  public static TestServer start(
      ServerSpec spec, Map<String, String> env, Database db, boolean ownsDb) throws Exception {
    return start(spec, env, db, ownsDb, Clock.systemUTC());
  }

  /**
   * With {@code clock} as the process's clock (a {@link TestClock} moves time without sleeping).
   */
  public static TestServer start(
      ServerSpec spec, Map<String, String> env, Database db, boolean ownsDb, Clock clock)
      throws Exception {
    Map<String, String> vars = new HashMap<>(TestDatabases.env(db.config()));
    vars.put(spec.portVariable(), "0");
    vars.putAll(env);
    ProcessContext process = null;
    try {
      Migrations.migrateAll(db, spec.migrations());
      process = ProcessContext.open(new Env(vars), db, clock);
      return new TestServer(db, process, spec.factory().start(process.forServer(spec)), ownsDb);
    } catch (Exception | Error e) {
      if (process != null) {
        process.close();
      }
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

  /** The server itself: its registered tools, prompts, resources and access scopes. */
  public McpHost host() {
    return host;
  }

  /** The shared resources this server was started with. */
  public ProcessContext process() {
    return process;
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

  /** An agent on this server with {@code key}: the shared MCP test client. */
  public AgentClient agent(String key) {
    return new AgentClient(baseUrl(), key);
  }

  @Override
  public void close() {
    host.close();
    process.close();
    if (ownsDb) {
      db.close();
    }
  }
}
