package dev.opsmcp.common.db;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command in a process of its own, optionally as uid and gid 65534 ({@code nobody}): what another
 * local user of the host could run. Switching uid needs root; without it the caller is skipped, or
 * fails under {@code CI=true}.
 */
final class ForeignProcess {
  static final int NOBODY = 65534;

  record Result(int exit, String output) {
    @Override
    public String toString() {
      return "exit " + exit + ":\n" + output;
    }
  }

  private static Path publicH2Jar;

  private ForeignProcess() {}

  static void requireRoot() {
    if ("root".equals(System.getProperty("user.name"))) {
      return;
    }
    String problem =
        "switching to uid nobody needs root (tests run as " + System.getProperty("user.name") + ")";
    if ("true".equals(System.getenv("CI"))) {
      fail(problem + "; CI must run the other-uid tests");
    }
    Assumptions.abort(problem + "; skipping (CI=true fails instead)");
  }

  static Result asNobody(List<String> command) throws Exception {
    List<String> full =
        new ArrayList<>(
            List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    full.addAll(command);
    return run(full);
  }

  static Result run(List<String> command) throws Exception {
    Path output = Files.createTempFile("opsmcp-foreign-", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(Path.of("/tmp").toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().put("HOME", "/tmp");
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        fail("%s did not finish within 60 s:%n%s", command, Files.readString(output));
      }
      // Latin-1 decodes any bytes: some commands print binary files.
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * H2's own command-line client, runnable by any uid: {@code org.h2.tools.Shell} running {@code
   * sql}, or, when it is null, holding the connection open while it waits for statements on stdin.
   */
  static List<String> h2Shell(String url, String user, String password, String sql)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx64m",
                "-XX:-UsePerfData",
                "-cp",
                publicH2Jar().toString(),
                "org.h2.tools.Shell",
                "-url",
                url,
                "-user",
                user,
                "-password",
                password));
    if (sql != null) {
      command.addAll(List.of("-sql", sql));
    }
    return command;
  }

  /** The H2 jar copied where any uid can read it (the Maven repository is root's own). */
  static synchronized Path publicH2Jar() throws IOException {
    if (publicH2Jar == null) {
      // Found on the class path by name: loading an H2 class here would fix H2's system
      // properties in this JVM before the code under test sets them.
      Path jar =
          Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
              .map(Path::of)
              .filter(p -> p.getFileName().toString().matches("h2-[0-9.]+\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IOException("no h2 jar on the test class path"));
      Path dir = Files.createTempDirectory("opsmcp-h2-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      publicH2Jar = Files.copy(jar, dir.resolve("h2.jar"), StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(publicH2Jar, PosixFilePermissions.fromString("rw-r--r--"));
    }
    return publicH2Jar;
  }
}
