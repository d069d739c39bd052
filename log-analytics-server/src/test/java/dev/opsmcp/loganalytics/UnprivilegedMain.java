package dev.opsmcp.loganalytics;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ProcessContext;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.loganalytics.sandbox.Workspaces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The child JVM of {@link UnprivilegedServer}: the real log-analytics server (port 0), a key of
 * tenant {@code np} on stdout ({@code READY <port> <key>}), then commands from stdin: {@code
 * retention <epoch-second>} runs the workspace retention with that cutoff and prints its report.
 */
final class UnprivilegedMain {
  private UnprivilegedMain() {}

  public static void main(String[] args) throws Exception {
    Env env = Env.system();
    Database db = Database.open(DatabaseConfig.fromEnv(env));
    Migrations.migrateAll(db, LogAnalyticsServer.SPEC.migrations());
    ProcessContext process = ProcessContext.open(env, db, Clock.systemUTC());
    McpHost host = LogAnalyticsServer.start(process.forServer(LogAnalyticsServer.SPEC));
    new Tenants(db).create("np");
    String key = new ApiKeys(db, Duration.ZERO).create("np", "test", Scope.AGENT_DEFAULT).secret();
    System.out.println("READY " + host.port() + " " + key);
    Workspaces workspaces = new Workspaces(db.config().dataDir().resolve("analytics"));
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("retention ")) {
        Instant cutoff = Instant.ofEpochSecond(Long.parseLong(line.substring(10).strip()));
        try {
          System.out.println("RETENTION " + Json.write(workspaces.deleteOlderThan(cutoff)));
        } catch (RuntimeException e) {
          System.out.println("RETENTION-FAILED " + e);
        }
      }
    }
    host.close();
    process.close();
    db.close();
  }
}
