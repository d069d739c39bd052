package dev.opsmcp.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * A connection pool and a Jdbi handle on it. One per process: the servers hosted in one JVM share
 * it. Thread-safe; whoever opened it closes it.
 */
public final class Database implements AutoCloseable {
  private final DatabaseConfig config;
  private final HikariDataSource pool;
  private final Jdbi jdbi;

  private Database(DatabaseConfig config, HikariDataSource pool) {
    this.config = config;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
  }

  public static Database open(DatabaseConfig config) {
    if (config.kind() == DatabaseKind.H2) {
      return openEmbedded(config);
    }
    return new Database(config, pool(config, config.user(), config.password()));
  }

  private static Database openEmbedded(DatabaseConfig config) {
    LoopbackBinding.require();
    Path dir = EmbeddedDirectory.prepare(config.dataDir());
    String password = EmbeddedCredential.loadOrCreate(dir);
    // The first connection settles the password, and keeps the database open while the pool fills.
    try (Connection first = EmbeddedCredential.connect(config.jdbcUrl(), password, dir)) {
      HikariDataSource pool = pool(config, config.user(), password);
      EmbeddedDirectory.tighten(dir);
      return new Database(config, pool);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the embedded database in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static HikariDataSource pool(DatabaseConfig config, String user, String password) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("opsmcp");
    hikari.setJdbcUrl(config.jdbcUrl());
    if (user != null) {
      hikari.setUsername(user);
    }
    if (password != null) {
      hikari.setPassword(password);
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(Math.min(2, config.poolSize()));
    hikari.setInitializationFailTimeout(20_000);
    // A request waits at most this long for a connection: while the database is away, tools say
    // "retry" within seconds instead of hanging.
    hikari.setConnectionTimeout(5_000);
    return new HikariDataSource(hikari);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return pool;
  }

  public DatabaseKind kind() {
    return config.kind();
  }

  public DatabaseConfig config() {
    return config;
  }

  /**
   * True when the pool holds no connection at all: it could not open one (the database is stopped
   * or unreachable). Answers at once, without waiting for a connection.
   */
  public boolean unreachable() {
    var stats = pool.getHikariPoolMXBean();
    return stats != null && stats.getTotalConnections() == 0;
  }

  /** True when a connection answers a trivial query within two seconds. */
  public boolean healthy() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
