package dev.opsmcp.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server in its own JVM, started from the test classpath, so a test can {@code kill -9} it or
 * race several processes against one database. Output goes to a log file kept for debugging.
 */
public final class ChildServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ChildServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code mainClass} with {@code env} plus {@code portVariable} set to a free port. */
  public static ChildServer start(String mainClass, String portVariable, Map<String, String> env) {
    return launch(
        System.getProperty("java.class.path"), List.of(mainClass), portVariable, freePort(), env);
  }

  /**
   * Starts {@code mainAndArgs} on {@code classPath} (the test's, or a built distribution's lib
   * folder such as {@code dist/target/opsmcp/lib/*}) with {@code env} plus {@code portVariable} set
   * to {@code port}. An inherited {@code DATABASE_URL} is dropped: the test picks the database.
   */
  public static ChildServer launch(
      String classPath,
      List<String> mainAndArgs,
      String portVariable,
      int port,
      Map<String, String> env) {
    try {
      Path log = Files.createTempFile("opsmcp-child-", ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classPath));
      command.addAll(mainAndArgs);
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().remove("DATABASE_URL");
      pb.environment().putAll(env);
      pb.environment().put(portVariable, Integer.toString(port));
      return new ChildServer(pb.start(), port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The child's process id, to inspect what it holds (its sockets under {@code /proc}). */
  public long pid() {
    return process.pid();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until {@code /health} answers 200; fails with the child's log otherwise. */
  public ChildServer awaitHealthy(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("child server died:\n" + Files.readString(log));
      }
      try {
        if (Http.get(baseUrl() + "/health").statusCode() == 200) {
          return this;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "child server not healthy in " + timeout + ":\n" + Files.readString(log));
  }

  /** SIGKILL: no shutdown hook, no flush. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(15));
  }

  /** SIGTERM, then SIGKILL if the child has not exited within {@code timeout}. */
  public void stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      kill9();
    }
  }

  /** A TCP port free at the time of the call. */
  public static int freePort() {
    return freePorts(1).get(0);
  }

  /**
   * {@code n} distinct TCP ports free at the time of the call. The sockets are held open until all
   * are picked: ports taken one at a time may repeat (CI saw two servers handed the same port).
   */
  public static List<Integer> freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        ports.add(s.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // the port is only probed
        }
      }
    }
  }

  /** What the child printed so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }
}
