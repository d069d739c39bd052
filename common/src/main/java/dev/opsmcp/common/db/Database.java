package dev.opsmcp.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
      try {
        Files.createDirectories(config.dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create data dir " + config.dataDir(), e);
      }
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("opsmcp");
    hikari.setJdbcUrl(config.jdbcUrl());
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(Math.min(2, config.poolSize()));
    hikari.setInitializationFailTimeout(20_000);
    hikari.setConnectionTimeout(10_000);
    return new Database(config, new HikariDataSource(hikari));
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
