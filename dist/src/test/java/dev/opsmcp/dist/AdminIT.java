package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.cli.AdminCli;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code scripts/opsmcp migrate} covers the tables of every server, not only common's. */
class AdminIT {
  private final DatabaseConfig config = TestDatabases.freshConfig();

  private String run(int expectedCode, String... args) {
    var out = new ByteArrayOutputStream();
    var cli =
        new AdminCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            Launch.migrationModules(Launcher.ALL));
    assertThat(cli.run(new Env(TestDatabases.env(config)), List.of(args)))
        .as(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(expectedCode);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void migrate_appliesEveryServersModules_andValidateThenPasses() {
    assertThat(Launch.migrationModules(Launcher.ALL))
        .containsExactly("common", "monitoring", "orchestration", "log-analytics", "messaging");
    assertThat(run(0, "migrate", "status"))
        .containsPattern("log-analytics\\s+1\\s+Pending")
        .containsPattern("messaging\\s+2\\s+Pending")
        .containsPattern("orchestration\\s+2\\s+Pending");
    assertThat(run(1, "migrate", "validate")).contains("messaging: 5 pending (V1, V2, V3, V4, V5)");
    assertThat(run(0, "migrate"))
        .contains("common, monitoring, orchestration, log-analytics, messaging up to date");
    assertThat(run(0, "migrate", "validate"))
        .contains("valid: common, monitoring, orchestration, log-analytics, messaging");
  }
}
