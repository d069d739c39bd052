package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.NewApiKey;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * First start on an empty database: creates tenant {@code default} and an agent key, writes the key
 * to {@code <data dir>/agent-key.txt} (owner-only) and prints it once with a ready agent config.
 * Safe when several processes start at once: only the one that creates the tenant acts.
 */
public final class Bootstrap {
  public static final String DEFAULT_TENANT = "default";

  private Bootstrap() {}

  public static void firstStart(Database db, Env env) {
    Tenants tenants = new Tenants(db);
    if (!tenants.list().isEmpty() || !tenants.create(DEFAULT_TENANT)) {
      return;
    }
    NewApiKey key =
        new ApiKeys(db, Duration.ZERO)
            .create(DEFAULT_TENANT, "first-start agent key", Scope.AGENT_DEFAULT);
    Path file = db.config().dataDir().resolve("agent-key.txt");
    writeOwnerOnly(file, key.secret() + "\n");
    System.out.println(banner(key.secret(), file, env));
  }

  private static void writeOwnerOnly(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String banner(String secret, Path file, Env env) {
    String host = env.get("OPSMCP_HOST", "127.0.0.1");
    String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    String base = "http://" + shown + ":";
    return """

        ==> OpsMCP first start: created tenant 'default' and an agent key (shown once; also in %s)

            %s

        Claude Agent SDK (options.mcpServers):
        {
          "monitoring":    { "type": "http", "url": "%s%d/mcp", "headers": { "Authorization": "Bearer %s" } },
          "orchestration": { "type": "http", "url": "%s%d/mcp", "headers": { "Authorization": "Bearer %s" } },
          "log-analytics": { "type": "http", "url": "%s%d/mcp", "headers": { "Authorization": "Bearer %s" } },
          "messaging":     { "type": "http", "url": "%s%d/mcp", "headers": { "Authorization": "Bearer %s" } }
        }
        """
        .formatted(
            file,
            secret,
            base,
            env.integer("OPSMCP_MONITORING_PORT", 9001, 0, 65535),
            secret,
            base,
            env.integer("OPSMCP_ORCHESTRATION_PORT", 9002, 0, 65535),
            secret,
            base,
            env.integer("OPSMCP_LOG_ANALYTICS_PORT", 9003, 0, 65535),
            secret,
            base,
            env.integer("OPSMCP_MESSAGING_PORT", 9004, 0, 65535),
            secret);
  }
}
