package dev.opsmcp.common.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestClock;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The settleable-request core on the approval table of a real database: one settlement wins, a
 * second is a conflict carrying the first, expiry is applied on read by the clock (no sleeping).
 */
class SettlementsIT {
  private static Database db;
  private static Signals signals;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private static Settlements<Approval> settlements;

  @BeforeAll
  static void start() {
    db = TestDatabases.fresh();
    Migrations.migrate(db, "common");
    signals = Signals.open(db);
    settlements =
        new Settlements<>(
            db,
            signals,
            CLOCK,
            Duration.ofSeconds(1),
            new Settlements.Noun("approval", "decided", "an approval_id"),
            new SettleableTable<>("approval", Approval.class),
            Approval::signalKey);
  }

  @AfterAll
  static void stop() throws Exception {
    signals.close();
    db.close();
  }

  private static String request(String tenant, Duration ttl) {
    String id = "apr_" + UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
    db.jdbi()
        .useExtension(
            ApprovalStore.class,
            s -> s.insert(id, tenant, null, null, "act", "why", "low", now, now.plus(ttl)));
    return id;
  }

  private static Approval decide(String tenant, String id, String status, String by)
      throws ToolFailure {
    return settlements.settle(
        tenant,
        id,
        (h, now) -> h.attach(ApprovalStore.class).decide(tenant, id, status, null, by, now),
        (h, before, after) -> {});
  }

  @Test
  void theFirstSettlementWins_andASecondIsAConflictCarryingIt() throws Exception {
    String id = request("settle", Duration.ofMinutes(5));
    assertThat(decide("settle", id, "approved", "alice").decidedBy()).isEqualTo("alice");
    assertThatThrownBy(() -> decide("settle", id, "denied", "bob"))
        .isInstanceOfSatisfying(
            ToolFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(ToolFailure.Kind.CONFLICT);
              assertThat(f.getMessage()).contains("already decided (approved)");
              assertThat(f.details())
                  .extractingByKey("approval", InstanceOfAssertFactories.type(Approval.class))
                  .satisfies(a -> assertThat(a.decidedBy()).isEqualTo("alice"));
            });
    assertThat(settlements.find("settle", id).status()).isEqualTo("approved");
  }

  @Test
  void expiryIsAppliedOnRead_andALateSettlementIsRefusedAsExpired() {
    String id = request("expire", Duration.ofMinutes(1));
    CLOCK.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> decide("expire", id, "approved", "alice"))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.kind()).isEqualTo(ToolFailure.Kind.EXPIRED));
    assertThat(
            db.jdbi()
                .withExtension(ApprovalStore.class, s -> s.find("expire", id))
                .orElseThrow()
                .status())
        .isEqualTo("expired");
  }

  @Test
  void anotherTenantsRequest_isNotFound() {
    String id = request("owner", Duration.ofMinutes(5));
    assertThatThrownBy(() -> settlements.find("stranger", id))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.kind()).isEqualTo(ToolFailure.Kind.NOT_FOUND));
  }

  @Test
  void pending_listsUnsettledUnexpiredRowsOfTheTenant_oldestFirst_byKeyset() throws Exception {
    String first = request("inbox", Duration.ofMinutes(30));
    CLOCK.advance(Duration.ofSeconds(1));
    String second = request("inbox", Duration.ofMinutes(30));
    CLOCK.advance(Duration.ofSeconds(1));
    String decided = request("inbox", Duration.ofMinutes(30));
    decide("inbox", decided, "denied", "alice");
    request("inbox", Duration.ofSeconds(1)); // expires below
    request("other-inbox", Duration.ofMinutes(30));
    CLOCK.advance(Duration.ofSeconds(2));
    OffsetDateTime epoch = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    assertThat(settlements.pending("inbox", epoch, "", 10))
        .extracting(Approval::id)
        .containsExactly(first, second);
    Approval head = settlements.pending("inbox", epoch, "", 1).get(0);
    assertThat(settlements.pending("inbox", head.createdAt(), head.id(), 10))
        .extracting(Approval::id)
        .containsExactly(second);
    assertThat(settlements.countPending("inbox")).isEqualTo(2);
  }
}
