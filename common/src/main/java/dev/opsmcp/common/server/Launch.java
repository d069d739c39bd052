package dev.opsmcp.common.server;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every server: reads the environment, opens the database once, runs the
 * first-start bootstrap, starts the given servers (one JVM may host all four, each on its own
 * port), and stops them cleanly on SIGTERM/Ctrl+C.
 */
public final class Launch {
  private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

  private Launch() {}

  public static void run(Env env, List<ServerSpec> specs) {
    List<McpHost> started = new ArrayList<>();
    Database db;
    try {
      db = Database.open(DatabaseConfig.fromEnv(env));
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started.forEach(McpHost::close);
                  db.close();
                  stopped.countDown();
                },
                "opsmcp-shutdown"));
    try {
      Migrations.migrate(db, "common");
      Bootstrap.firstStart(db, env);
      for (ServerSpec spec : specs) {
        ServerConfig config =
            ServerConfig.fromEnv(env, spec.name(), spec.portVariable(), spec.defaultPort());
        started.add(spec.factory().start(config, db));
      }
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      LOG.error("start failed: {}", e.toString(), e);
      System.exit(1);
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
