package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.db.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A fresh, empty database per call: an H2 file in a new temp dir, or, when {@code
 * OPSMCP_TEST_DATABASE_URL} points at a PostgreSQL server, a new database created on it. The suite
 * runs against whichever is configured; CI runs it once for each.
 */
public final class TestDatabases {
  public static final String ENV = "OPSMCP_TEST_DATABASE_URL";
  private static final String URL = System.getenv(ENV);

  static {
    if (URL == null || URL.isBlank()) {
      System.err.println(
          "[opsmcp tests] running against the embedded database only; to run the suite against"
              + " PostgreSQL set "
              + ENV
              + "=postgresql://postgres@127.0.0.1:5432/test");
    }
  }

  private TestDatabases() {}

  public static DatabaseKind kind() {
    return URL == null || URL.isBlank() ? DatabaseKind.H2 : DatabaseKind.POSTGRESQL;
  }

  /** Configuration of a new empty database (not opened). */
  public static DatabaseConfig freshConfig() {
    Path dataDir = tempDir();
    if (kind() == DatabaseKind.H2) {
      return DatabaseConfig.embedded(dataDir, 10);
    }
    DatabaseConfig admin = DatabaseConfig.postgres(URL, dataDir, 4);
    String name = "opsmcp_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c =
        DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
      c.createStatement().execute("CREATE DATABASE " + name.toLowerCase(Locale.ROOT));
      dropAtExit(admin, name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          ENV
              + " is set but PostgreSQL is unreachable or refused CREATE DATABASE: "
              + e.getMessage(),
          e);
    }
    String jdbc = admin.jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    return new DatabaseConfig(
        DatabaseKind.POSTGRESQL, jdbc, admin.user(), admin.password(), dataDir, 10);
  }

  private static void dropAtExit(DatabaseConfig admin, String name) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (Connection c =
                      DriverManager.getConnection(
                          admin.jdbcUrl(), admin.user(), admin.password())) {
                    c.createStatement()
                        .execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                  } catch (SQLException e) {
                    System.err.println(
                        "[opsmcp tests] could not drop " + name + ": " + e.getMessage());
                  }
                }));
  }

  public static Database fresh() {
    return Database.open(freshConfig());
  }

  /** The environment variables that make a server or the CLI use {@code config}. */
  public static java.util.Map<String, String> env(DatabaseConfig config) {
    var env = new java.util.HashMap<String, String>();
    env.put("OPSMCP_DATA_DIR", config.dataDir().toString());
    if (config.kind() == DatabaseKind.POSTGRESQL) {
      String url = config.jdbcUrl();
      if (config.user() != null) {
        url += (url.contains("?") ? "&" : "?") + "user=" + config.user();
        if (config.password() != null) {
          url += "&password=" + config.password();
        }
      }
      env.put("DATABASE_URL", url);
    }
    return env;
  }

  /**
   * For servers another process will run on {@code config}: migrates common's tables, creates
   * {@code tenant} and one API key per scope set, and closes the database again (a child process
   * may need the embedded file to itself). Returns the keys' secrets in the order given.
   */
  public static List<String> seedKeys(DatabaseConfig config, String tenant, List<Set<Scope>> keys) {
    try (Database db = Database.open(config)) {
      Migrations.migrate(db, "common");
      new Tenants(db).create(tenant);
      ApiKeys apiKeys = new ApiKeys(db, Duration.ZERO);
      List<String> secrets = new ArrayList<>();
      for (Set<Scope> scopes : keys) {
        secrets.add(apiKeys.create(tenant, "key " + secrets.size(), scopes).secret());
      }
      return secrets;
    }
  }

  public static Path tempDir() {
    try {
      return Files.createTempDirectory("opsmcp-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
