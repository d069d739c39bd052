package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the repository's scripts, Node programs and HAProxy from the dist integration tests. */
final class Commands {
  /** Failsafe runs in {@code dist/}; the scripts and the clients live at the repository root. */
  static final Path ROOT = repositoryRoot();

  private Commands() {}

  record Result(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  static Result run(Path dir, Map<String, String> env, Duration timeout, String... command)
      throws IOException, InterruptedException {
    return run(dir, env, timeout, List.of(command));
  }

  /** Runs {@code cmd} in {@code dir} with stdin closed; an inherited DATABASE_URL is dropped. */
  static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> cmd)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("opsmcp-it-", ".out");
    Path err = Files.createTempFile("opsmcp-it-", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile());
      // The test picks the database: an inherited DATABASE_URL must not redirect the CLI.
      builder.environment().remove("DATABASE_URL");
      builder.environment().putAll(env);
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        fail(
            "%s did not finish within %s:%n--- stdout%n%s--- stderr%n%s",
            cmd, timeout, Files.readString(out), Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Node 20+ and npm, or the test is skipped (failed under CI=true). */
  static void requireNode(String what) throws InterruptedException {
    String problem = null;
    try {
      Result node = run(ROOT, Map.of(), Duration.ofSeconds(30), "node", "--version");
      Result npm = run(ROOT, Map.of(), Duration.ofSeconds(30), "npm", "--version");
      String version = node.stdout().strip();
      if (node.exit() != 0 || npm.exit() != 0) {
        problem = "node --version / npm --version failed:\n" + node + npm;
      } else if (!version.matches("v([2-9]\\d|\\d{3,})\\..*")) {
        problem = "Node " + version + " is too old: " + what + " needs Node 20+";
      }
    } catch (IOException e) {
      problem = "node or npm is not installed (" + e.getMessage() + ")";
    }
    if (problem != null) {
      skipOrFail(problem, what);
    }
  }

  /** HAProxy on the PATH, or the test is skipped (failed under CI=true). */
  static void requireHaproxy(String what) throws InterruptedException {
    try {
      Result version = run(ROOT, Map.of(), Duration.ofSeconds(30), "haproxy", "-v");
      if (version.exit() != 0) {
        skipOrFail("haproxy -v failed:\n" + version, what);
      }
    } catch (IOException e) {
      skipOrFail(
          "haproxy is not installed (apt-get install -y haproxy; " + e.getMessage() + ")", what);
    }
  }

  private static void skipOrFail(String problem, String what) {
    if ("true".equals(System.getenv("CI"))) {
      fail(problem + "; CI must run " + what);
    }
    Assumptions.abort(problem + "; skipping " + what + " (CI=true fails instead)");
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/opsmcp"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no scripts/opsmcp above " + Path.of("").toAbsolutePath());
  }
}
