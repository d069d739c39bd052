package dev.opsmcp.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API-key cache on a real database. */
class ApiKeysIT {
  static Database db;

  @BeforeAll
  static void open() {
    db = TestDatabases.fresh();
    Migrations.migrate(db, "common");
    new Tenants(db).create("acme");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void aFloodOfUnknownKeys_neverEvictsAVerifiedKey() {
    ApiKeys keys = new ApiKeys(db, Duration.ofMinutes(5));
    NewApiKey valid = keys.create("acme", "busy agent", Scope.AGENT_DEFAULT);
    assertThat(keys.authenticate(valid.secret())).isPresent();
    // Revoked behind the cache's back: only a fresh lookup would notice, so the key staying
    // accepted shows it stayed cached.
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE api_key SET revoked_at = created_at WHERE id = :id")
                    .bind("id", valid.key().id())
                    .execute());

    for (int i = 0; i < 10_050; i++) {
      assertThat(keys.authenticate(ApiKeys.PREFIX + Secrets.base62(40))).isEmpty();
    }

    assertThat(keys.authenticate(valid.secret())).isPresent();
  }
}
