package dev.opsmcp.common.signal;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Ids;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN/NOTIFY on channel {@code opsmcp_signal}: one dedicated connection per process listens and
 * re-delivers every other process's keys locally; {@link #signal} delivers locally at once and
 * sends {@code pg_notify} tagged with this process's origin, which its own listener skips. The
 * notifications are sent by one sender thread, as many as have queued up in one statement and one
 * transaction: every transaction that notifies takes PostgreSQL's one notify lock at commit, so a
 * commit of its own per signal (three per answered question) serialized every settlement of every
 * process on that lock. The listening connection is pinged and has a socket timeout, so that even a
 * connection that died silently (a half-open TCP path) is noticed within seconds and replaced;
 * listeners are then told with {@link Signals#RECONNECTED}.
 */
final class PostgresSignals extends LocalSignals {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSignals.class);
  private static final String CHANNEL = "opsmcp_signal";
  private static final Duration PING_EVERY = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
  private static final int ORIGIN_LENGTH = 12;
  private static final int MAX_BATCH = 500;
  private static final int SEND_ATTEMPTS = 5;
  private static final String NOTIFY_ALL =
      "SELECT count(*) FROM (SELECT pg_notify('" + CHANNEL + "', k) FROM unnest(:ks) AS k) n";

  private final Database db;
  private final String origin = Ids.base62(ORIGIN_LENGTH);
  private final Thread listener;
  private final Thread sender;
  private final LinkedBlockingQueue<String> outgoing = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private volatile Connection connection;

  PostgresSignals(Database db) {
    this.db = db;
    this.listener = Thread.ofPlatform().daemon().name("opsmcp-pg-listen").start(this::listenLoop);
    this.sender = Thread.ofPlatform().daemon().name("opsmcp-pg-notify").start(this::sendLoop);
  }

  @Override
  public void signal(String key) {
    deliver(key); // local watchers at once; other processes through NOTIFY
    outgoing.add(origin + "|" + key);
  }

  /** Sends what is queued, in batches, until closed and drained. */
  private void sendLoop() {
    List<String> batch = new ArrayList<>();
    while (!closed || !outgoing.isEmpty()) {
      try {
        String first = outgoing.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        outgoing.drainTo(batch, MAX_BATCH - 1);
        send(batch);
      } catch (InterruptedException e) {
        if (!closed) {
          LOG.warn("notify sender interrupted; {} signals not sent", batch.size());
        }
        outgoing.drainTo(batch);
        send(batch); // the last ones, once, at close
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * One statement, one transaction: every payload in order. A database away for a moment is retried
   * (the keys' waiters elsewhere also re-read on their own); after that the batch is dropped.
   */
  private void send(List<String> batch) {
    if (batch.isEmpty()) {
      return;
    }
    String[] payloads = batch.toArray(String[]::new);
    for (int attempt = 1; ; attempt++) {
      try {
        db.jdbi()
            .useHandle(
                h ->
                    h.createQuery(NOTIFY_ALL)
                        .bindArray("ks", String.class, (Object[]) payloads)
                        .mapTo(Long.class)
                        .one());
        return;
      } catch (RuntimeException e) {
        if (attempt >= SEND_ATTEMPTS || closed) {
          LOG.warn(
              "{} signals not sent to other processes ({}); their waiters re-read on their own",
              payloads.length,
              e.getClass().getSimpleName());
          return;
        }
        sleep();
      }
    }
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
    sender.interrupt();
    try {
      sender.join(SOCKET_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
