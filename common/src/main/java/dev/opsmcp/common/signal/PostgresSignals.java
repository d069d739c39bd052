package dev.opsmcp.common.signal;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Ids;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN/NOTIFY on channel {@code opsmcp_signal}: one dedicated connection per process listens and
 * re-delivers every other process's keys locally; {@link #signal} delivers locally at once and
 * sends {@code pg_notify} tagged with this process's origin, which its own listener skips. The
 * listening connection is pinged and has a socket timeout, so that even a connection that died
 * silently (a half-open TCP path) is noticed within seconds and replaced; listeners are then told
 * with {@link Signals#RECONNECTED}.
 */
final class PostgresSignals extends LocalSignals {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSignals.class);
  private static final String CHANNEL = "opsmcp_signal";
  private static final Duration PING_EVERY = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
  private static final int ORIGIN_LENGTH = 12;

  private final Database db;
  private final String origin = Ids.base62(ORIGIN_LENGTH);
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
                    .bind("k", origin + "|" + key)
                    .mapTo(String.class)
                    .one());
  }

  private void listenLoop() {
    boolean reconnect = false;
    while (!closed) {
      try (Connection c = open()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        if (reconnect) {
          LOG.info("LISTEN connection restored");
          deliver(RECONNECTED); // what was signalled meanwhile is lost: listeners re-read
        }
        listen(c);
      } catch (SQLException e) {
        if (!closed) {
          LOG.warn("LISTEN connection lost ({}); reconnecting", e.getMessage());
          reconnect = true;
          sleep();
        }
      }
    }
  }

  /** Delivers notifications until the connection fails; a ping bounds how long a failure hides. */
  private void listen(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long lastPing = System.nanoTime();
    while (!closed) {
      PGNotification[] notes = pg.getNotifications((int) PING_EVERY.toMillis());
      if (notes != null) {
        for (PGNotification n : notes) {
          received(n.getParameter());
        }
      }
      if (System.nanoTime() - lastPing >= PING_EVERY.toNanos()) {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1"); // on a dead path the socket timeout ends this with an error
        }
        lastPing = System.nanoTime();
      }
    }
  }

  private void received(String payload) {
    int bar = payload.indexOf('|');
    if (bar == ORIGIN_LENGTH) {
      if (!payload.startsWith(origin)) {
        deliver(payload.substring(bar + 1));
      }
    } else {
      deliver(payload); // from a process that does not tag its notifications
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
    props.setProperty("ApplicationName", "opsmcp-listen");
    props.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    props.setProperty("connectTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
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
