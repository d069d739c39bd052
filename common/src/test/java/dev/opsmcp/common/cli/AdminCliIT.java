package dev.opsmcp.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin CLI against a real database (embedded or PostgreSQL): create, list, revoke, the key on
 * the last line, all of it while a server in another process holds the database; and migrations of
 * every module (here common and the test server's) with their status and validation.
 */
class AdminCliIT {
  private final DatabaseConfig config = TestDatabases.freshConfig();
  private final Env env = new Env(TestDatabases.env(config));

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        new AdminCli(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                List.of("testnotes"))
            .run(env, List.of(args));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void keyCreate_printsAWorkingKeyOnTheLastLine_listShowsIt_revokeKillsIt() {
    Run created =
        run(
            "key",
            "create",
            "--tenant",
            "acme",
            "--name",
            "ci",
            "--scopes",
            "logs:read,logs:write");
    assertThat(created.code()).isZero();
    List<String> lines = created.out().lines().toList();
    String key = lines.get(lines.size() - 1);
    assertThat(key).startsWith("opsmcp_").hasSize(47);

    try (Database db = Database.open(config)) {
      var caller = new ApiKeys(db, Duration.ZERO).authenticate(key).orElseThrow();
      assertThat(caller.tenant()).isEqualTo("acme");
      assertThat(caller.scopes())
          .extracting(s -> s.wire())
          .containsExactlyInAnyOrder("logs:read", "logs:write");
      String stored =
          db.jdbi()
              .withHandle(
                  h -> h.createQuery("SELECT key_hash FROM api_key").mapTo(String.class).one());
      assertThat(stored).doesNotContain(key).hasSize(64);
    }

    Run listed = run("key", "list", "--tenant", "acme");
    assertThat(listed.out()).contains("ci").contains(key.substring(0, 13)).doesNotContain(key);
    String id = listed.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];

    assertThat(run("key", "revoke", id).code()).isZero();
    assertThat(run("key", "revoke", id).code()).isEqualTo(1);
    try (Database db = Database.open(config)) {
      assertThat(new ApiKeys(db, Duration.ZERO).authenticate(key)).isEmpty();
    }
  }

  @Test
  void keyCreate_whileAServerProcessHoldsTheDatabase_givesAKeyThatServerAccepts() throws Exception {
    try (ChildServer server =
        ChildServer.start(
                NotesServer.class.getName(), "OPSMCP_NOTES_PORT", TestDatabases.env(config))
            .awaitHealthy(Duration.ofSeconds(60))) {
      Run created = run("key", "create", "--tenant", "acme", "--scopes", "monitoring:read");
      assertThat(created.code()).as(created.err()).isZero();
      String key = created.out().lines().reduce((a, b) -> b).orElseThrow();
      assertThat(
              Http.postJson(
                      server.baseUrl() + "/mcp", Http.INITIALIZE, "Authorization", Http.bearer(key))
                  .statusCode())
          .isEqualTo(200);
      assertThat(run("tenant", "list").out()).contains("acme").contains("default");
    }
  }

  @Test
  void badInput_isRefusedClearly() {
    assertThat(run("key", "create").err()).contains("--tenant is required");
    assertThat(run("key", "create", "--tenant", "acme", "--scopes", "root").err())
        .contains("unknown scope 'root'");
    assertThat(run("tenant", "create", "Not Valid").err()).contains("tenant name");
    assertThat(run("frobnicate").code()).isEqualTo(2);
  }

  @Test
  void migrateStatusAndValidate_onAnEmptyDatabase_reportEveryModulePending_andChangeNothing() {
    Run status = run("migrate", "status");
    assertThat(status.code()).isZero();
    assertThat(status.out())
        .containsPattern("common\\s+1\\s+Pending")
        .containsPattern("common\\s+7\\s+Pending")
        .containsPattern("testnotes\\s+1\\s+Pending")
        .contains("9 pending: run opsmcp migrate");

    Run validate = run("migrate", "validate");
    assertThat(validate.code()).isEqualTo(1);
    assertThat(validate.err())
        .contains("common: 8 pending (V1, V2, V3, V4, V5, V6, V7, V8): run opsmcp migrate")
        .contains("testnotes: 1 pending (V1): run opsmcp migrate");
    assertThat(run("migrate", "status").out()).contains("9 pending");
  }

  @Test
  void aHalfMigratedDatabase_isReportedPerModule_andMigrateCompletesEveryModule() {
    try (Database db = Database.open(config)) {
      Migrations.migrate(db, "common"); // an upgrade that added a module: common done, notes not
    }
    Run status = run("migrate", "status");
    assertThat(status.out())
        .containsPattern("common\\s+5\\s+Success")
        .containsPattern("testnotes\\s+1\\s+Pending")
        .contains("1 pending: run opsmcp migrate");
    Run validate = run("migrate", "validate");
    assertThat(validate.code()).isEqualTo(1);
    assertThat(validate.err()).contains("testnotes: 1 pending (V1)").doesNotContain("common");

    Run migrate = run("migrate");
    assertThat(migrate.code()).isZero();
    assertThat(migrate.out()).contains("applied 1 migration (common, testnotes up to date)");
    try (Database db = Database.open(config)) {
      long notes =
          db.jdbi()
              .withHandle(
                  h -> h.createQuery("SELECT count(*) FROM test_note").mapTo(Long.class).one());
      assertThat(notes).isZero(); // the table the notes module creates is there
    }
    Run valid = run("migrate", "validate");
    assertThat(valid.code()).isZero();
    assertThat(valid.out()).contains("valid: common, testnotes match this build");
    assertThat(run("migrate", "status").out()).contains("up to date");
  }

  @Test
  void anAppliedMigrationChangedSinceIsInvalid() {
    assertThat(run("migrate").code()).isZero();
    try (Database db = Database.open(config)) {
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "UPDATE flyway_history_testnotes SET checksum = checksum + 1"
                          + " WHERE version = '1'"));
    }
    Run validate = run("migrate", "validate");
    assertThat(validate.code()).isEqualTo(1);
    assertThat(validate.err()).contains("invalid: testnotes V1:").containsIgnoringCase("checksum");
    assertThat(run("migrate", "bogus").code()).isEqualTo(2);
  }
}
