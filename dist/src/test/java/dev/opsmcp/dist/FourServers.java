package dev.opsmcp.dist;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The four servers in this JVM on port 0 over one fresh database, as the launcher runs them on the
 * embedded database, with a key of tenant {@code acme} that opens every one of them.
 */
final class FourServers implements AutoCloseable {
  final Map<String, TestServer> byName = new LinkedHashMap<>();
  final String key;
  final String humanKey;
  private final Database db;

  private FourServers(Database db, Map<String, String> env, UnaryOperator<ServerSpec> wrap)
      throws Exception {
    this.db = db;
    try {
      List<ServerSpec> specs =
          Stream.of("monitoring", "orchestration", "log-analytics", "messaging")
              .map(Launcher.SERVERS::get)
              .map(wrap)
              .toList();
      List<TestServer> servers = TestServer.startAll(specs, env, db);
      for (int i = 0; i < specs.size(); i++) {
        byName.put(specs.get(i).name(), servers.get(i));
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    TestServer any = byName.get("messaging");
    EnumSet<Scope> all = EnumSet.allOf(Scope.class);
    all.remove(Scope.ADMIN);
    this.key = any.newKey("acme", all.toArray(Scope[]::new));
    this.humanKey = any.newKey("acme", Scope.MESSAGING_HUMAN);
  }

  /** {@code env} adds to the test settings (rate limit off, short waits and sandbox runs). */
  static FourServers start(Map<String, String> env) throws Exception {
    return start(env, UnaryOperator.identity());
  }

  /** With each server's spec passed through {@code wrap} (e.g. to look at its start). */
  static FourServers start(Map<String, String> env, UnaryOperator<ServerSpec> wrap)
      throws Exception {
    Database db = TestDatabases.fresh();
    // Sandbox uids must reach the workspace; temp dirs are 0700.
    Files.setPosixFilePermissions(
        db.config().dataDir(), PosixFilePermissions.fromString("rwx--x--x"));
    Map<String, String> vars = new LinkedHashMap<>(env);
    vars.putIfAbsent(
        "OPSMCP_ANALYSIS_UID_BASE",
        Integer.toString(300_000 + ThreadLocalRandom.current().nextInt(50_000) * 16));
    try {
      return new FourServers(db, vars, wrap);
    } catch (Exception | Error e) {
      db.close();
      throw e;
    }
  }

  /** The database's settings, for a CLI run in another process. */
  DatabaseConfig config() {
    return db.config();
  }

  /** The shared database, to read what the servers stored. */
  org.jdbi.v3.core.Jdbi jdbi() {
    return db.jdbi();
  }

  String url(String server) {
    return byName.get(server).baseUrl();
  }

  @Override
  public void close() {
    byName.values().forEach(TestServer::close);
    db.close();
  }
}
