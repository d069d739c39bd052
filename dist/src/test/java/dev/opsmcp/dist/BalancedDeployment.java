package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.fail;

import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestDatabases;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/start.sh} as an operator runs it: two replica processes of each server on one fresh
 * PostgreSQL database and HAProxy in front, on free loopback ports. Closing it sends the script
 * SIGTERM, which stops everything it started.
 */
final class BalancedDeployment implements AutoCloseable {
  static final List<String> SERVERS =
      List.of("monitoring", "orchestration", "log-analytics", "messaging");

  final DatabaseConfig database;
  private final Process script;
  private final Path log;
  private final Path runDir;
  private final Map<String, Integer> frontPorts;
  private final int replicaBase;

  private BalancedDeployment(
      DatabaseConfig database,
      Process script,
      Path log,
      Path runDir,
      Map<String, Integer> frontPorts,
      int replicaBase) {
    this.database = database;
    this.script = script;
    this.log = log;
    this.runDir = runDir;
    this.frontPorts = frontPorts;
    this.replicaBase = replicaBase;
  }

  /** Starts it with {@code env} added and waits until the script says every server is up. */
  static BalancedDeployment start(Map<String, String> env) throws Exception {
    DatabaseConfig database = TestDatabases.freshConfig();
    Map<String, String> vars = new LinkedHashMap<>(TestDatabases.env(database));
    Map<String, Integer> fronts = new LinkedHashMap<>();
    var free = ChildServer.freePorts(SERVERS.size()).iterator(); // distinct, taken together
    for (String server : SERVERS) {
      int port = free.next();
      fronts.put(server, port);
      vars.put("OPSMCP_" + server.toUpperCase().replace('-', '_') + "_PORT", "" + port);
    }
    int base = freeReplicaBase();
    vars.put("OPSMCP_REPLICA_PORT_BASE", "" + base);
    vars.put("OPSMCP_JAVA_HEAP", "256m");
    // Eight JVMs starting at once on a shared two-core machine.
    vars.put("OPSMCP_START_TIMEOUT", "420");
    vars.put(
        "OPSMCP_ANALYSIS_UID_BASE",
        "" + (400_000 + ThreadLocalRandom.current().nextInt(500) * 2000));
    vars.putAll(env);
    Path log = Files.createTempFile("opsmcp-deploy-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(Commands.ROOT.resolve("deploy/start.sh").toString())
            .directory(Commands.ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("DATABASE_URL");
    builder.environment().putAll(vars);
    Process script = builder.start();
    script.getOutputStream().close();
    Path runDir = database.dataDir().resolve("run/deploy");
    BalancedDeployment deployment =
        new BalancedDeployment(database, script, log, runDir, fronts, base);
    try {
      deployment.awaitUp(Duration.ofMinutes(8));
      return deployment;
    } catch (Exception | Error e) {
      deployment.close();
      throw e;
    }
  }

  private void awaitUp(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log).contains("is up behind HAProxy")) {
      if (!script.isAlive()) {
        fail("deploy/start.sh exited with %d:%n%s", script.exitValue(), Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        fail("deploy/start.sh did not come up within %s:%n%s", timeout, Files.readString(log));
      }
      Thread.sleep(250);
    }
  }

  /** The balancer's URL for {@code server}, as clients use it. */
  String url(String server) {
    return "http://127.0.0.1:" + frontPorts.get(server);
  }

  /** Replica {@code r} (1 or 2) of {@code server}, directly (not through the balancer). */
  String replicaUrl(String server, int r) {
    return "http://127.0.0.1:" + (replicaBase + 10 * (SERVERS.indexOf(server) + 1) + r);
  }

  /** SIGKILL to replica {@code r} of {@code server}: no shutdown hook, no goodbye. */
  void kill9(String server, int r) throws Exception {
    long pid = Long.parseLong(Files.readString(runDir.resolve(server + "-r" + r + ".pid")).strip());
    ProcessHandle handle =
        ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(server + " r" + r + " is gone"));
    handle.destroyForcibly();
    // The script reaps it; until then it is a zombie, so watch its port close instead.
    String health = replicaUrl(server, r) + "/health";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (answers(health)) {
      if (System.nanoTime() > deadline) {
        fail("%s r%d still answers 30 s after SIGKILL", server, r);
      }
      Thread.sleep(100);
    }
  }

  private static boolean answers(String url) {
    try {
      Http.get(url);
      return true;
    } catch (RuntimeException refused) {
      return false;
    }
  }

  /** The script's output so far, and the balancer's log: for failure messages. */
  String output() throws IOException {
    return Files.readString(log)
        + "\n--- haproxy.log (tail)\n"
        + tail(runDir.resolve("haproxy.log"));
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws Exception {
    script.destroy(); // SIGTERM: the script stops its replicas and HAProxy
    if (!script.waitFor(60, TimeUnit.SECONDS)) {
      script.descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly().waitFor();
    }
    Files.deleteIfExists(log);
  }

  /**
   * A base whose eight replica ports (base + 11 … base + 42) are free now, below Linux's ephemeral
   * range (32768 and up): the replicas bind them only after 20 s or more of starting, and meanwhile
   * the 80 pool connections they open to PostgreSQL take local ports from that range, any of which
   * could be one of ours.
   */
  private static int freeReplicaBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(120) * 100;
      if (SERVERS.stream()
          .allMatch(
              s ->
                  free(base + 10 * (SERVERS.indexOf(s) + 1) + 1)
                      && free(base + 10 * (SERVERS.indexOf(s) + 1) + 2))) {
        return base;
      }
    }
    throw new IllegalStateException("no free replica port range found");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
