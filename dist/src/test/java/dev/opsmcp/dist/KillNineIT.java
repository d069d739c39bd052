package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} under steady load. Four writers (a message, an incident with a dedupe key, a
 * change, a log batch) keep one MCP client or HTTP client each while the server processes, started
 * from the built distribution as {@code scripts/start-servers.sh} starts them, are SIGKILLed and
 * restarted in turn: on PostgreSQL each of the four processes; on the embedded database the one
 * process hosting all four, twice. Like the start scripts, each JVM keeps a class-data archive,
 * written by a first start and graceful stop. Afterwards every acknowledged write is stored exactly
 * once, an incident retried with its dedupe key exists once, and every writer carried on with the
 * client it had (the SDK re-initialises on the unknown-session 404).
 */
class KillNineIT {
  private static final Path LIB = Commands.ROOT.resolve("dist/target/opsmcp/lib");
  private static final Duration START = Duration.ofMinutes(2);
  private static final Duration PROGRESS = Duration.ofSeconds(90);
  private static final Duration ARCHIVE_WRITE = Duration.ofSeconds(60);
  private static final Map<String, String> PORTS =
      Map.of(
          "monitoring", "OPSMCP_MONITORING_PORT",
          "orchestration", "OPSMCP_ORCHESTRATION_PORT",
          "log-analytics", "OPSMCP_LOG_ANALYTICS_PORT",
          "messaging", "OPSMCP_MESSAGING_PORT");

  @Test
  void kill9UnderLoad_losesNoAcknowledgedWrite_andClientsCarryOn() throws Exception {
    boolean postgresql = TestDatabases.kind() == DatabaseKind.POSTGRESQL;
    DatabaseConfig config = TestDatabases.freshConfig();
    String key = TestDatabases.seedKeys(config, "acme", List.of(Scope.AGENT_DEFAULT)).get(0);
    Map<String, String> env = new HashMap<>(TestDatabases.env(config));
    Map<String, Integer> ports = new LinkedHashMap<>();
    var free = ChildServer.freePorts(PORTS.size()).iterator();
    PORTS.keySet().forEach(server -> ports.put(server, free.next()));
    ports.forEach((server, port) -> env.put(PORTS.get(server), Integer.toString(port)));
    // The process to kill for each server: its own on PostgreSQL, the one host of all four else.
    List<String> victims =
        postgresql
            ? List.of("monitoring", "orchestration", "log-analytics", "messaging")
            : List.of("all", "all");
    Map<String, ChildServer> processes = new LinkedHashMap<>();
    List<LoadWriter> writers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Long> restartMillis = new ArrayList<>();
    Path archives = config.dataDir().resolve("run");
    Files.createDirectories(archives);
    try {
      // As after an install: the first start and graceful stop write each JVM's class-data archive.
      for (String process : postgresql ? ports.keySet() : List.of("all")) {
        processes.put(process, launch(process, ports, env, archives));
      }
      for (ChildServer p : processes.values()) {
        p.awaitHealthy(START);
      }
      for (ChildServer p : processes.values()) {
        p.stop(ARCHIVE_WRITE); // the JVM writes its archive as it exits
      }
      try (var files = Files.list(archives)) {
        System.out.println(
            "[kill -9] class-data archives: "
                + files
                    .map(f -> f.getFileName() + " " + f.toFile().length() / 1_000_000 + " MB")
                    .toList());
      }
      for (String process : postgresql ? ports.keySet() : List.of("all")) {
        processes.put(process, launch(process, ports, env, archives));
      }
      for (ChildServer p : processes.values()) {
        p.awaitHealthy(START);
      }
      writers.addAll(
          LoadWriter.all(
              url(ports, "messaging"),
              url(ports, "orchestration"),
              url(ports, "monitoring"),
              url(ports, "log-analytics"),
              key));
      writers.forEach(pool::submit);
      awaitProgress(writers, 10);
      for (String victim : victims) {
        processes.get(victim).kill9();
        long start = System.nanoTime();
        processes.put(victim, launch(victim, ports, env, archives).awaitHealthy(START));
        restartMillis.add((System.nanoTime() - start) / 1_000_000);
        awaitProgress(writers, 5);
      }
    } finally {
      writers.forEach(LoadWriter::stop);
      pool.shutdown();
      pool.awaitTermination(2, TimeUnit.MINUTES);
      for (ChildServer p : processes.values()) {
        p.close();
      }
    }
    System.out.printf(
        "[kill -9] %s: %d kills, restart to /health 200 in %s ms; %s%n",
        postgresql ? "PostgreSQL, one process per server" : "embedded, one process",
        victims.size(),
        restartMillis,
        writers);
    try (Database db = Database.open(config)) {
      for (LoadWriter w : writers) {
        Map<String, Long> stored = w.stored(db.jdbi());
        assertThat(stored.values())
            .as("%s: a value stored more than once", w.name)
            .allMatch(count -> count == 1);
        assertThat(stored.keySet())
            .as("%s: acknowledged writes, all stored", w.name)
            .containsAll(w.acknowledged);
      }
    }
  }

  /**
   * Starts {@code process} with the class-data archive options {@code scripts/lib/java.sh} adds.
   * The one JVM of the embedded mode binds its servers in {@link Launcher#ALL}'s order, so it is
   * watched on the last one's port: healthy there means all four answer (watching an earlier one
   * let the writers connect to a server not yet bound).
   */
  private static ChildServer launch(
      String process, Map<String, Integer> ports, Map<String, String> env, Path archives) {
    String server = process.equals("all") ? Launcher.ALL.getLast().name() : process;
    return ChildServer.launch(
        LIB + "/*",
        List.of(
            "-XX:SharedArchiveFile=" + archives.resolve(process + ".jsa"),
            "-XX:+AutoCreateSharedArchive",
            Launcher.class.getName(),
            process),
        PORTS.get(server),
        ports.get(server),
        env);
  }

  private static String url(Map<String, Integer> ports, String server) {
    return "http://127.0.0.1:" + ports.get(server);
  }

  /** Waits until every writer has had {@code more} writes acknowledged since the call. */
  private static void awaitProgress(List<LoadWriter> writers, int more) throws Exception {
    Map<LoadWriter, Integer> from = new HashMap<>();
    writers.forEach(w -> from.put(w, w.acknowledged.size()));
    long deadline = System.nanoTime() + PROGRESS.toNanos();
    while (System.nanoTime() < deadline) {
      if (writers.stream().allMatch(w -> w.acknowledged.size() >= from.get(w) + more)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("writers made no progress in " + PROGRESS + ": " + writers);
  }

  static {
    // The built distribution must be there (mvn package runs before the integration tests).
    if (!Files.isDirectory(LIB)) {
      throw new IllegalStateException("no built distribution in " + LIB + " (mvn package)");
    }
  }
}
