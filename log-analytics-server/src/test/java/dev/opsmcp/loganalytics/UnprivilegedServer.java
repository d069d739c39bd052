package dev.opsmcp.loganalytics;

import dev.opsmcp.common.testing.McpClients;
import dev.opsmcp.common.testing.TestDatabases;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A log-analytics server in its own JVM running as the unprivileged uid 65534, as it runs for a
 * developer who is not root: its data directory sits in a "home" directory of mode 0700 that only
 * that uid can enter, on the embedded database or on the PostgreSQL of the suite. Tests run as
 * root, so this is how they exercise the non-root jail.
 */
public final class UnprivilegedServer implements AutoCloseable {
  public static final int UID = 65534;

  private final Path base;
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
  private final PrintWriter stdin;
  private final List<McpSyncClient> clients = new ArrayList<>();
  private int port;
  private String key;

  private UnprivilegedServer(Path base, Process process) {
    this.base = base;
    this.process = process;
    this.stdin =
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  log.add(line);
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the child is gone
              }
            },
            "unprivileged-server-output");
    drain.setDaemon(true);
    drain.start();
  }

  public static UnprivilegedServer start(Map<String, String> env) throws Exception {
    Path base = Files.createTempDirectory("opsmcp-unprivileged-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = ownedDir(base.resolve("home"));
    Path data = ownedDir(home.resolve("data"));
    Path tmp = ownedDir(home.resolve("tmp"));
    String classpath = readableClasspath(base.resolve("cp"));
    var vars = new java.util.HashMap<>(TestDatabases.env(TestDatabases.freshConfig()));
    vars.put("OPSMCP_DATA_DIR", data.toString());
    vars.put("OPSMCP_LOG_ANALYTICS_PORT", "0");
    vars.putAll(env);
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                "/usr/bin/setpriv",
                "--reuid=" + UID,
                "--regid=" + UID,
                "--clear-groups",
                "--",
                java,
                "-Xmx256m",
                "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + tmp,
                "-Duser.home=" + home,
                "-cp",
                classpath,
                UnprivilegedMain.class.getName())
            .redirectErrorStream(true)
            .directory(tmp.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("HOME", home.toString());
    pb.environment().putAll(vars);
    UnprivilegedServer s = new UnprivilegedServer(base, pb.start());
    String ready = s.awaitLine("READY ", 90);
    String[] parts = ready.split(" ");
    s.port = Integer.parseInt(parts[1]);
    s.key = parts[2];
    return s;
  }

  public Path dataDir() {
    return base.resolve("home/data");
  }

  public Path home() {
    return base.resolve("home");
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** A key of tenant {@code np} with the agent's default scopes. */
  public String key() {
    return key;
  }

  public McpSyncClient client() {
    McpSyncClient c = McpClients.streamable(baseUrl(), key);
    clients.add(c);
    return c;
  }

  /** Runs the workspace retention in the child with {@code cutoff}; its printed report. */
  public String retention(java.time.Instant cutoff) throws InterruptedException {
    stdin.println("retention " + cutoff.getEpochSecond());
    return awaitLine("RETENTION", 60);
  }

  public String log() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }

  private String awaitLine(String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        throw new IllegalStateException("unprivileged server exited:\n" + log());
      }
    }
    throw new IllegalStateException("no '" + prefix + "' line in " + seconds + " s:\n" + log());
  }

  private static Path ownedDir(Path dir) throws IOException {
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(dir, "unix:uid", UID, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dir, "unix:gid", UID, LinkOption.NOFOLLOW_LINKS);
    return dir;
  }

  /** The test classpath copied where uid 65534 can read it (the local Maven repository is 0700). */
  private static String readableClasspath(Path dir) throws IOException {
    Files.createDirectory(dir);
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      if (!Files.exists(source)) {
        continue;
      }
      Path target = dir.resolve(i++ + "-" + source.getFileName());
      if (Files.isDirectory(source)) {
        copyTree(source, target);
      } else {
        Files.copy(source, target);
      }
      entries.add(target.toString());
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : all.toList()) {
        Files.copy(
            p, target.resolve(source.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  @Override
  public void close() throws Exception {
    clients.forEach(McpSyncClient::closeGracefully);
    stdin.close();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    // rm copes with whatever modes and depths the scripts left behind.
    new ProcessBuilder("rm", "-rf", "--", base.toString()).inheritIO().start().waitFor();
  }
}
