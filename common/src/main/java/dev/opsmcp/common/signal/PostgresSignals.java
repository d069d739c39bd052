package dev.opsmcp.common.signal;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN/NOTIFY on channel {@code opsmcp_signal}: one dedicated connection per process listens and
 * re-delivers every key locally; {@link #signal} sends {@code pg_notify}. Reconnects on failure.
 */
final class PostgresSignals extends LocalSignals {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSignals.class);
  private static final String CHANNEL = "opsmcp_signal";

  private final Database db;
  private final Thread listener;
  private volatile boolean closed;
  private volatile Connection connection;

  PostgresSignals(Database db) {
    this.db = db;
    this.listener = Thread.ofPlatform().daemon().name("opsmcp-pg-listen").start(this::listenLoop);
  }

  @Override
  public void signal(String key) {
    deliver(key); // local watchers at once; other processes through NOTIFY
    db.jdbi()
        .useHandle(
            h ->
                h.createQuery("SELECT pg_notify('" + CHANNEL + "', :k)")
                    .bind("k", key)
                    .mapTo(String.class)
                    .one());
  }

  private void listenLoop() {
    while (!closed) {
      try (Connection c = open()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notes = pg.getNotifications(10_000);
          if (notes != null) {
            for (PGNotification n : notes) {
              deliver(n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (!closed) {
          LOG.warn("LISTEN connection lost ({}); reconnecting", e.getMessage());
          sleep();
        }
      }
    }
  }

  private Connection open() throws SQLException {
    DatabaseConfig config = db.config();
    Properties props = new Properties();
    if (config.user() != null) {
      props.setProperty("user", config.user());
    }
    if (config.password() != null) {
      props.setProperty("password", config.password());
    }
    return DriverManager.getConnection(config.jdbcUrl(), props);
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    listener.interrupt();
  }
}
