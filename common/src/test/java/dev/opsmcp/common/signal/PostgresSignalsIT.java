package dev.opsmcp.common.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.TcpProxy;
import dev.opsmcp.common.testing.TestDatabases;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LISTEN/NOTIFY signalling between processes (two {@link Signals} on one database stand for two
 * processes): each signal reaches each listener once, and a listening connection that dies, even
 * silently, is replaced so that events keep arriving.
 */
class PostgresSignalsIT {
  static DatabaseConfig config;
  static Database db;

  @BeforeAll
  static void open() {
    Assumptions.assumeTrue(
        TestDatabases.kind() == DatabaseKind.POSTGRESQL,
        "LISTEN/NOTIFY exists only on PostgreSQL; set " + TestDatabases.ENV + " to run this");
    config = TestDatabases.freshConfig();
    db = Database.open(config);
  }

  @AfterAll
  static void close() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aSignal_reachesEachListenerOnce_inItsOwnProcessAndInAnother() throws Exception {
    List<String> here = new CopyOnWriteArrayList<>();
    List<String> there = new CopyOnWriteArrayList<>();
    try (Signals a = Signals.open(db);
        Signals b = Signals.open(db)) {
      a.listen(here::add);
      b.listen(there::add);
      awaitListening(a, there);
      awaitListening(b, here);

      a.signal("once");
      await(() -> there.contains("once"), Duration.ofSeconds(5));
      Thread.sleep(700); // time for a duplicate to arrive through NOTIFY
      assertThat(Collections.frequency(here, "once")).isEqualTo(1);
      assertThat(Collections.frequency(there, "once")).isEqualTo(1);
    }
  }

  @Test
  void aSilentlyDeadListenConnection_isReplaced_andEventsArriveAgain() throws Exception {
    URI target = URI.create(config.jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy proxy = TcpProxy.start(target.getHost(), target.getPort());
        Database viaProxy =
            Database.open(
                new DatabaseConfig(
                    DatabaseKind.POSTGRESQL,
                    config
                        .jdbcUrl()
                        .replace(
                            target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port()),
                    config.user(),
                    config.password(),
                    config.dataDir(),
                    2));
        Signals receiver = Signals.open(viaProxy);
        Signals sender = Signals.open(db)) {
      List<String> received = new CopyOnWriteArrayList<>();
      receiver.listen(received::add);
      awaitListening(sender, received);

      proxy.blackholeOpenConnections(); // no FIN, no RST: the old code waited forever
      long start = System.nanoTime();
      boolean arrived = false;
      for (int i = 0; i < 300 && !arrived; i++) {
        sender.signal("after-" + i);
        Thread.sleep(100);
        arrived = received.stream().anyMatch(k -> k.startsWith("after-"));
      }
      System.out.printf(
          "[signals] events arrived again %d ms after the listening connection went silent%n",
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      assertThat(arrived).as("events arrive again within 30 s").isTrue();
      assertThat(received)
          .as("listeners learn that events may have been missed")
          .contains("signals:reconnected");
    }
  }

  @Test
  void aTerminatedListenBackend_isReplaced_andEventsArriveAgain() throws Exception {
    try (Signals receiver = Signals.open(db);
        Signals sender = Signals.open(db)) {
      List<String> received = new CopyOnWriteArrayList<>();
      receiver.listen(received::add);
      awaitListening(sender, received);

      int terminated =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              """
                              SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                              WHERE datname = current_database() AND pid <> pg_backend_pid()
                                AND (application_name = 'opsmcp-listen' OR query LIKE 'LISTEN%')
                              """)
                          .mapTo(Integer.class)
                          .one());
      assertThat(terminated).isGreaterThanOrEqualTo(2); // the receiver's and the sender's
      boolean arrived = false;
      for (int i = 0; i < 100 && !arrived; i++) {
        sender.signal("after-kill-" + i);
        Thread.sleep(100);
        arrived = received.stream().anyMatch(k -> k.startsWith("after-kill-"));
      }
      assertThat(arrived).as("events arrive again within 10 s").isTrue();
    }
  }

  /** Signals through {@code from} until {@code seen} shows one: the LISTEN is in place. */
  private static void awaitListening(Signals from, List<String> seen) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      from.signal("ready-" + i);
      Thread.sleep(100);
      if (seen.stream().anyMatch(k -> k.startsWith("ready-"))) {
        return;
      }
    }
    throw new AssertionError("the other side never started listening");
  }

  private static void await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
