package dev.opsmcp.common.server;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every server: reads the environment, opens the database once, migrates every
 * module the given servers own, runs the first-start bootstrap, opens the process's shared
 * resources once, starts the servers (one JVM may host all four, each on its own port), and stops
 * them cleanly on SIGTERM/Ctrl+C.
 */
public final class Launch {
  private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

  private Launch() {}

  /** The migration modules of {@code specs}, {@code common} first. */
  public static List<String> migrationModules(List<ServerSpec> specs) {
    return Migrations.withCommon(specs.stream().flatMap(s -> s.migrations().stream()).toList());
  }

  public static void run(Env env, List<ServerSpec> specs) {
    // Read by the shutdown hook's thread as well.
    List<McpHost> started = new CopyOnWriteArrayList<>();
    List<AutoCloseable> shared = new CopyOnWriteArrayList<>();
    Database db;
    try {
      db = Database.open(DatabaseConfig.fromEnv(env));
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    shared.add(db);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started.forEach(McpHost::close);
                  // The process context before the database it uses.
                  for (AutoCloseable resource : shared.reversed()) {
                    closeQuietly(resource);
                  }
                  stopped.countDown();
                },
                "opsmcp-shutdown"));
    try {
      Migrations.migrateAll(db, migrationModules(specs));
      Bootstrap.firstStart(db, env);
      ProcessContext process = ProcessContext.open(env, db, Clock.systemUTC());
      shared.add(process);
      for (ServerSpec spec : specs) {
        started.add(spec.factory().start(process.forServer(spec)));
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

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.debug("closing {}", resource, e);
    }
  }
}
