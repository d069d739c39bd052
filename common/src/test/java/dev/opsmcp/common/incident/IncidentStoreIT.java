package dev.opsmcp.common.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core incident record on the configured database (embedded or PostgreSQL). */
class IncidentStoreIT {
  static Database db;

  @BeforeAll
  static void open() {
    db = TestDatabases.fresh();
    Migrations.migrate(db, "common");
    new Tenants(db).create("acme");
    new Tenants(db).create("other");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void create_thenFind_roundTrips_servicesSortedAndDistinct() {
    IncidentStore store = new IncidentStore(db);
    OffsetDateTime started = OffsetDateTime.parse("2025-01-31T12:00:00.123456+02:00");
    Incident created =
        store.create("acme", "checkout 5xx", Severity.SEV2, List.of("web", "api", "web"), started);
    Incident found = store.find("acme", created.id()).orElseThrow();
    assertThat(found).isEqualTo(created);
    assertThat(found.services()).containsExactly("api", "web");
    assertThat(found.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(found.startedAt().toInstant()).isEqualTo(started.toInstant());
    assertThat(found.resolvedAt()).isNull();
  }

  @Test
  void anotherTenantsIncident_readsAsAbsent() {
    IncidentStore store = new IncidentStore(db);
    Incident created =
        store.create(
            "acme", "db down", Severity.SEV1, List.of(), OffsetDateTime.now(ZoneOffset.UTC));
    assertThat(store.find("other", created.id())).isEmpty();
    assertThat(store.find("acme", created.id() + 1000)).isEmpty();
    assertThat(store.find("acme", created.id()).orElseThrow().services()).isEmpty();
  }
}
