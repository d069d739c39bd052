package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestDatabases;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Upgrading a database whose approvals are in messaging's old table keeps every approval. */
class ApprovalMigrationIT {
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
  void approvalsInMsgApproval_areCarriedIntoCommonsApprovalTable() {
    try (Database db = TestDatabases.fresh()) {
      // the database as the previous release left it: common V1–V4, messaging V1
      migrateTo(db, "common", "4");
      migrateTo(db, "messaging", "1");
      new Tenants(db).create("acme");
      OffsetDateTime t = OffsetDateTime.parse("2025-01-31T12:00:00Z");
      db.jdbi()
          .useHandle(
              h -> {
                h.execute(
                    "INSERT INTO msg_session (id, tenant_id, agent_name, status, created_at, updated_at)"
                        + " VALUES ('ses_1', 'acme', 'bot', 'active', ?, ?)",
                    t,
                    t);
                h.execute(
                    "INSERT INTO msg_approval (id, tenant_id, session_id, incident_id, action, details,"
                        + " risk, status, decision_comment, decided_by, created_at, expires_at,"
                        + " decided_at) VALUES ('apr_1', 'acme', 'ses_1', '17', 'restart', 'why',"
                        + " 'high', 'approved', 'go', 'alice', ?, ?, ?)",
                    t,
                    t.plusHours(1),
                    t.plusMinutes(5));
              });

      Migrations.migrate(db, "common");
      Migrations.migrate(db, "messaging");

      Approval a =
          db.jdbi().withExtension(ApprovalStore.class, s -> s.find("acme", "apr_1")).orElseThrow();
      assertThat(a.sessionId()).isEqualTo("ses_1");
      // no incident 17 exists: V5 leaves the reference empty and keeps the text it held
      assertThat(a.incidentId()).isNull();
      String kept =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT incident_text FROM approval WHERE id = 'apr_1'")
                          .mapTo(String.class)
                          .one());
      assertThat(kept).isEqualTo("17");
      assertThat(a.status()).isEqualTo("approved");
      assertThat(a.decidedBy()).isEqualTo("alice");
      assertThat(a.decidedAt().toInstant())
          .isEqualTo(t.plusMinutes(5).toInstant().atOffset(ZoneOffset.UTC).toInstant());
      long oldTables =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM information_schema.tables"
                                  + " WHERE LOWER(table_name) = 'msg_approval'")
                          .mapTo(Long.class)
                          .one());
      assertThat(oldTables).isZero();
    }
  }
}
