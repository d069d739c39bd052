package dev.opsmcp.common.db;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the data lives: PostgreSQL when {@code DATABASE_URL} is set, otherwise an embedded H2 file
 * database in {@code OPSMCP_DATA_DIR/db}. Holds a password, so {@link #toString()} hides it.
 */
public record DatabaseConfig(
    DatabaseKind kind, String jdbcUrl, String user, String password, Path dataDir, int poolSize) {

  public static DatabaseConfig fromEnv(Env env) {
    Path dataDir = env.path("OPSMCP_DATA_DIR", "data");
    int pool = env.integer("OPSMCP_DB_POOL_SIZE", 10, 2, 200);
    return env.get("DATABASE_URL")
        .map(url -> postgres(url, dataDir, pool))
        .orElseGet(() -> embedded(dataDir, pool));
  }

  /**
   * The embedded database in {@code <dataDir>/db}. Its password is not part of the configuration:
   * {@link Database#open} reads it from that directory, or creates it at first start.
   */
  public static DatabaseConfig embedded(Path dataDir, int poolSize) {
    // Settings measured in shared/EMBEDDED-DB.md: WRITE_DELAY=0 keeps every acknowledged commit
    // through a kill -9; AUTO_SERVER lets the admin CLI reach the file while the servers run
    // (on 127.0.0.1 only, with the password: LoopbackBinding, EmbeddedCredential).
    String url =
        "jdbc:h2:file:"
            + dataDir.resolve(EmbeddedDirectory.NAME).resolve(EmbeddedDirectory.DATABASE)
            + ";MODE=PostgreSQL;AUTO_SERVER=TRUE;DATABASE_TO_LOWER=TRUE"
            + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    return new DatabaseConfig(
        DatabaseKind.H2, url, EmbeddedCredential.USER, null, dataDir, poolSize);
  }

  /** {@code <data dir>/db}: the embedded database's owner-only directory. */
  public Path embeddedDir() {
    return dataDir.resolve(EmbeddedDirectory.NAME);
  }

  /**
   * Accepts {@code postgres://user:pass@host:port/db} as well as a {@code jdbc:postgresql:} URL.
   */
  public static DatabaseConfig postgres(String url, Path dataDir, int poolSize) {
    if (url.startsWith("jdbc:postgresql:")) {
      return new DatabaseConfig(DatabaseKind.POSTGRESQL, url, null, null, dataDir, poolSize);
    }
    if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
      throw new ConfigException(
          "DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql:"
              + " (for example postgresql://user:password@127.0.0.1:5432/opsmcp);"
              + " leave it unset to use the embedded database");
    }
    URI uri = URI.create(url);
    if (uri.getHost() == null) {
      throw new ConfigException("DATABASE_URL has no host: write postgresql://HOST:PORT/DATABASE");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String jdbc =
        "jdbc:postgresql://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new DatabaseConfig(DatabaseKind.POSTGRESQL, jdbc, user, password, dataDir, poolSize);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + kind + " " + jdbcUrl + " user=" + user + " password=***]";
  }
}
