package dev.opsmcp.common.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.notify.WebhookServer.Behaviour;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox dispatcher against real sockets: a webhook that stalls after its headers delays no
 * other destination, holds at most the per-destination number of connections, and is bounded end to
 * end; a delivery whose lease was taken over by another replica cannot overwrite its result.
 */
class OutboxDispatcherIT {
  Database db;

  @BeforeEach
  void open() {
    db = TestDatabases.fresh();
    Migrations.migrate(db, "common");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aStalledWebhook_delaysNoOtherDestination_andHoldsAtMostTwoConnections() throws Exception {
    try (WebhookServer stalled = new WebhookServer(n -> Behaviour.HEADERS_THEN_STALL);
        WebhookServer healthy = new WebhookServer(n -> Behaviour.ANSWER_200);
        OutboxDispatcher dispatcher = new OutboxDispatcher(db, Duration.ofSeconds(1))) {
      channel("slow-tenant", stalled.url());
      channel("fast-tenant", healthy.url());
      Outbox outbox = new Outbox(db, dispatcher::wake);
      for (int i = 0; i < 5; i++) {
        outbox.enqueue("slow-tenant", note("slow " + i));
      }
      dispatcher.start();
      await(() -> stalled.requests.get() >= 1, Duration.ofSeconds(5));
      outbox.enqueue("fast-tenant", note("fast"));

      await(() -> healthy.bodies.size() == 1, Duration.ofSeconds(5));
      assertThat(healthy.bodies).singleElement().asString().contains("fast");
      assertThat(stalled.maxConcurrent.get()).isBetween(1, 2);
    }
  }

  @Test
  void headersThenStall_endsWithinTheDeliveryTimeout_asSent_withoutResending() throws Exception {
    try (WebhookServer stalled = new WebhookServer(n -> Behaviour.HEADERS_THEN_STALL);
        OutboxDispatcher dispatcher = new OutboxDispatcher(db, Duration.ofSeconds(1))) {
      channel("stall-tenant", stalled.url());
      new Outbox(db, dispatcher::wake).enqueue("stall-tenant", note("hello"));
      long start = System.nanoTime();
      dispatcher.start();

      await(() -> "sent".equals(row().get("status")), Duration.ofSeconds(20));
      System.out.printf(
          "[outbox] a delivery stalled after its headers ended after %d ms%n",
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      assertThat(row()).containsEntry("status", "sent").containsEntry("attempts", 1);
      Thread.sleep(1500);
      assertThat(stalled.requests.get()).isEqualTo(1);
    }
  }

  @Test
  void aDeliveryWhoseLeaseWasTakenOver_cannotOverwriteTheNewOwnersResult() throws Exception {
    try (WebhookServer hook =
            new WebhookServer(
                n -> n == 1 ? Behaviour.HEADERS_THEN_STALL_3S_THEN_CLOSE : Behaviour.ANSWER_200);
        OutboxDispatcher replicaA = new OutboxDispatcher(db, Duration.ofSeconds(1))) {
      channel("lease-tenant", hook.url());
      new Outbox(db, replicaA::wake).enqueue("lease-tenant", note("once"));
      replicaA.start();
      await(() -> hook.requests.get() == 1, Duration.ofSeconds(5));

      // A is still waiting on its stalled delivery when its lease runs out (made to run out here):
      // replica B claims the row and delivers it.
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "UPDATE notification_outbox SET next_attempt_at = ?",
                      java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1)));
      try (OutboxDispatcher replicaB = new OutboxDispatcher(db, Duration.ofSeconds(1))) {
        replicaB.start();
        await(() -> "sent".equals(row().get("status")), Duration.ofSeconds(5));
        assertThat(hook.requests.get()).isEqualTo(2);
      }

      Thread.sleep(4500); // A's connection ends (3 s) and A records what it saw
      assertThat(row())
          .containsEntry("status", "sent")
          .containsEntry("attempts", 1)
          .containsEntry("last_error", null);
      assertThat(hook.requests.get()).isEqualTo(2);
    }
  }

  private void channel(String tenant, String url) {
    new Tenants(db).create(tenant);
    new Channels(db).add(tenant, Channel.WEBHOOK, url);
  }

  private static Notification note(String text) {
    return new Notification("test", "title", text, null, Map.of());
  }

  private Map<String, Object> row() {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT status, attempts, last_error FROM notification_outbox ORDER BY id")
                    .mapToMap()
                    .list()
                    .get(0));
  }

  private static void await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
