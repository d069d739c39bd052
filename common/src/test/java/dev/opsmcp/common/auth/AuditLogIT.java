package dev.opsmcp.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audit rows are group-committed: many concurrent calls share transactions, yet each call returns
 * only once its own row is stored, and a row the database refuses fails alone.
 */
class AuditLogIT {
  private static Database db;

  @BeforeAll
  static void start() {
    db = TestDatabases.fresh();
    Migrations.migrate(db, "common");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static long rows(String tenant, String action) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM audit_event WHERE tenant_id = :t AND action = :a")
                    .bind("t", tenant)
                    .bind("a", action)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void concurrentCalls_eachReturnOnceItsRowIsStored() throws Exception {
    AuditLog audit = new AuditLog(db, "test");
    int calls = 200;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> seen = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < calls; i++) {
        String target = "t" + i;
        seen.add(
            threads.submit(
                () -> {
                  go.await();
                  assertThat(
                          audit.record(
                              new AuditLog.Event(
                                  "group", "k", "tool:x", target, "ok", null, "127.0.0.1")))
                      .isTrue();
                  // stored by the time record returns, whoever committed it
                  return db.jdbi()
                      .withHandle(
                          h ->
                              h.createQuery(
                                      "SELECT count(*) FROM audit_event"
                                          + " WHERE tenant_id = 'group' AND target = :t")
                                  .bind("t", target)
                                  .mapTo(Long.class)
                                  .one());
                }));
      }
      go.countDown();
      for (Future<Long> f : seen) {
        assertThat(f.get()).isEqualTo(1L);
      }
    }
    assertThat(rows("group", "tool:x")).isEqualTo(calls);
  }

  @Test
  void aRowTheDatabaseRefuses_failsAlone() throws Exception {
    AuditLog audit = new AuditLog(db, "test");
    int calls = 50;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < calls; i++) {
        // action is NOT NULL: every tenth event is refused by the database
        String action = i % 10 == 0 ? null : "tool:y";
        results.add(
            threads.submit(
                () -> {
                  go.await();
                  return audit.record(
                      new AuditLog.Event("alone", "k", action, "t", "ok", null, null));
                }));
      }
      go.countDown();
      int refused = 0;
      for (Future<Boolean> f : results) {
        refused += f.get() ? 0 : 1;
      }
      assertThat(refused).isEqualTo(5);
    }
    assertThat(rows("alone", "tool:y")).isEqualTo(45);
  }
}
