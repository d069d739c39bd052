package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading to messaging V5 turns the free-text incident_id of sessions and approvals into checked
 * references: text naming one of the row's tenant's incidents becomes its id, anything else null,
 * and every old value stays in incident_text. Rows naming no incident never fail the upgrade.
 */
class IncidentReferenceMigrationIT {
  private static final OffsetDateTime T = OffsetDateTime.parse("2025-01-31T12:00:00Z");

  private static void migrateTo(Database db, String module, String version) {
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(db.dataSource())
        .locations(
            "classpath:db/" + module + "/common",
            "classpath:db/" + module + "/" + db.kind().folder())
        .table("flyway_history_" + module)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .failOnMissingLocations(false)
        .target(version)
        .load()
        .migrate();
  }

  @Test
  void freeTextIncidentIds_becomeCheckedReferences_withoutFailingTheUpgrade() {
    try (Database db = TestDatabases.fresh()) {
      Migrations.migrate(db, "common");
      migrateTo(db, "messaging", "3"); // the release before: incident_id is free text
      new Tenants(db).create("acme");
      new Tenants(db).create("other");
      IncidentStore incidents = new IncidentStore(db);
      Incident first = incidents.create("acme", "db down", Severity.SEV2, List.of("db"), T);
      Incident second = incidents.create("acme", "api slow", Severity.SEV3, List.of("api"), T);
      Incident foreign = incidents.create("other", "theirs", Severity.SEV3, List.of("x"), T);
      Map<String, String> sessions =
          Map.of(
              "ses_id",
              Long.toString(first.id()),
              "ses_ref",
              " " + second.ref().toLowerCase(java.util.Locale.ROOT),
              "ses_text",
              "the db outage",
              "ses_foreign",
              Long.toString(foreign.id()),
              "ses_gone",
              "INC-999");
      db.jdbi()
          .useHandle(
              h -> {
                for (var e : sessions.entrySet()) {
                  h.execute(
                      "INSERT INTO msg_session (id, tenant_id, agent_name, incident_id, status,"
                          + " created_at, updated_at) VALUES (?, 'acme', 'bot', ?, 'active', ?, ?)",
                      e.getKey(),
                      e.getValue(),
                      T,
                      T);
                }
                h.execute(
                    "INSERT INTO msg_session (id, tenant_id, agent_name, status, created_at,"
                        + " updated_at) VALUES ('ses_none', 'acme', 'bot', 'active', ?, ?)",
                    T,
                    T);
                for (String[] a :
                    new String[][] {{"apr_ref", first.ref()}, {"apr_text", "see ticket 7"}}) {
                  h.execute(
                      "INSERT INTO approval (id, tenant_id, session_id, incident_id, action,"
                          + " details, risk, status, created_at, expires_at) VALUES (?, 'acme',"
                          + " 'ses_none', ?, 'restart', 'why', 'high', 'pending', ?, ?)",
                      a[0],
                      a[1],
                      T,
                      T.plusHours(1));
                }
              });

      Migrations.migrate(db, "messaging");

      assertThat(column(db, "msg_session", "ses_id"))
          .containsExactly(first.id(), sessions.get("ses_id"));
      assertThat(column(db, "msg_session", "ses_ref"))
          .containsExactly(second.id(), sessions.get("ses_ref"));
      assertThat(column(db, "msg_session", "ses_text")).containsExactly(null, "the db outage");
      assertThat(column(db, "msg_session", "ses_foreign"))
          .containsExactly(null, Long.toString(foreign.id()));
      assertThat(column(db, "msg_session", "ses_gone")).containsExactly(null, "INC-999");
      assertThat(column(db, "msg_session", "ses_none")).containsExactly(null, null);
      assertThat(column(db, "approval", "apr_ref")).containsExactly(first.id(), first.ref());
      assertThat(column(db, "approval", "apr_text")).containsExactly(null, "see ticket 7");

      // checked from now on: an id that is no incident is refused by the database
      assertThatThrownBy(
              () ->
                  db.jdbi()
                      .useHandle(
                          h ->
                              h.execute(
                                  "UPDATE msg_session SET incident_id = 999999 WHERE id = 'ses_none'")))
          .hasMessageContaining("incident");
      assertThatThrownBy(
              () ->
                  db.jdbi()
                      .useHandle(
                          h ->
                              h.execute(
                                  "UPDATE approval SET incident_id = 999999 WHERE id = 'apr_text'")))
          .hasMessageContaining("incident");
    }
  }

  /** The row's incident_id (a Long or null) and incident_text. */
  private static List<Object> column(Database db, String table, String id) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT incident_id, incident_text FROM <table> WHERE id = :id")
                    .define("table", table)
                    .bind("id", id)
                    .map(
                        (rs, ctx) -> {
                          long v = rs.getLong(1);
                          Object incident = rs.wasNull() ? null : v;
                          return java.util.Arrays.asList(incident, rs.getString(2));
                        })
                    .one());
  }
}
