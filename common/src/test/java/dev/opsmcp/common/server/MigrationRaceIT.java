package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Four servers started at the same moment against an empty database must all come up. */
class MigrationRaceIT {
  private static final int SERVERS = 4;

  @Test
  void fourServersInOneJvm_eachWithItsOwnPool_raceOnAnEmptyDatabase() throws Exception {
    DatabaseConfig config = TestDatabases.freshConfig();
    Env env = new Env(TestDatabases.env(config));
    CyclicBarrier barrier = new CyclicBarrier(SERVERS);
    ExecutorService pool = Executors.newFixedThreadPool(SERVERS);
    List<Future<TestServer>> starts = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      String ownModule = "testrace" + (i + 1); // like monitoring, orchestration, … each its own
      starts.add(
          pool.submit(
              () -> {
                Database db = Database.open(config);
                barrier.await();
                Migrations.migrate(db, "common"); // what Launch does before each server starts
                Bootstrap.firstStart(db, env);
                Migrations.migrate(db, ownModule);
                return TestServer.start(NotesServer.SPEC, Map.of(), db, true);
              }));
    }
    List<TestServer> servers = new ArrayList<>();
    try {
      for (Future<TestServer> f : starts) {
        servers.add(f.get());
      }
      for (TestServer s : servers) {
        assertThat(Http.get(s.baseUrl() + "/health").statusCode()).isEqualTo(200);
      }
      assertFirstStartRanOnce(servers.get(0).db());
    } finally {
      servers.forEach(TestServer::close);
      pool.shutdownNow();
    }
  }

  @Test
  void fourServerProcesses_raceOnAnEmptyPostgresDatabase() throws Exception {
    Assumptions.assumeTrue(
        TestDatabases.kind() == DatabaseKind.POSTGRESQL,
        "one process per server is the PostgreSQL shape; set "
            + TestDatabases.ENV
            + " to run this (the embedded database hosts the four servers in one JVM)");
    DatabaseConfig config = TestDatabases.freshConfig();
    List<ChildServer> children = new ArrayList<>();
    try {
      for (int i = 0; i < SERVERS; i++) {
        children.add(
            ChildServer.start(
                NotesServer.class.getName(), "OPSMCP_NOTES_PORT", TestDatabases.env(config)));
      }
      for (ChildServer c : children) {
        c.awaitHealthy(Duration.ofSeconds(60));
      }
      try (Database db = Database.open(config)) {
        assertFirstStartRanOnce(db);
      }
    } finally {
      for (ChildServer c : children) {
        c.close();
      }
    }
  }

  private static void assertFirstStartRanOnce(Database db) {
    var counts =
        db.jdbi()
            .withHandle(
                h ->
                    List.of(
                        h.createQuery("SELECT count(*) FROM tenant").mapTo(Integer.class).one(),
                        h.createQuery("SELECT count(*) FROM api_key").mapTo(Integer.class).one(),
                        h.createQuery("SELECT count(*) FROM test_note")
                            .mapTo(Integer.class)
                            .one()));
    assertThat(counts).containsExactly(1, 1, 0);
    assertThat(db.config().dataDir().resolve("agent-key.txt")).exists();
  }
}
