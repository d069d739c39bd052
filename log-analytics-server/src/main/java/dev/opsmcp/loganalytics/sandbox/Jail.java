package dev.opsmcp.loganalytics.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The production jail command. As root: a private mount namespace in which the run directory (and
 * the log data file) are bind-mounted onto the stage, a directory of the server's that the sandbox
 * uid can traverse, so the data directory may sit under any directory (a home of mode 0700) → the
 * rlimits (CPU, address space, file size, open files) → setpriv to the slot's unprivileged uid →
 * bubblewrap. Not as root: the rlimits → bubblewrap, which runs as the server's own uid. Bubblewrap
 * unshares every namespace, drops all capabilities, and shows a read-only {@code /usr}, private
 * {@code /tmp} and {@code /proc}, a clean environment, the script as pid 1, and only {@code out/}
 * writable. The process limit is set inside the jail's own user namespace, where it counts this
 * run's processes only (not the server's threads, nor other runs). Built as an argument list, never
 * a shell string.
 */
final class Jail implements AutoCloseable {
  static final String WORKDIR = "/workspace";

  /** Binds the run directory (and the input, if any) onto the stage, then runs the rest. */
  private static final String STAGE =
      """
      set -e
      "$1" --bind -- "$3" "$2/run"
      if [ -n "$4" ]; then "$1" --bind -- "$4" "$2/input.json"; fi
      shift 4
      exec "$@"
      """;

  private final SandboxConfig config;
  private final boolean root;
  private volatile Path stage;

  Jail(SandboxConfig config) {
    this.config = config;
    this.root = currentUid() == 0;
  }

  boolean runsAsRoot() {
    return root;
  }

  /**
   * As root, creates the stage: an empty directory the sandbox uids can traverse, with a {@code
   * run} directory and an {@code input.json} file as mount points. Each run binds its own files
   * onto them in its private mount namespace, so concurrent runs share the stage unseen.
   */
  synchronized void prepare() throws IOException {
    if (!root || stage != null) {
      return;
    }
    Path parent = Files.isDirectory(Path.of("/run")) ? Path.of("/run") : Path.of("/tmp");
    Path dir = Files.createTempDirectory(parent, "opsmcp-jail-");
    Files.createDirectory(dir.resolve("run"));
    Files.createFile(dir.resolve("input.json"));
    Files.setPosixFilePermissions(
        dir.resolve("input.json"), PosixFilePermissions.fromString("rw-r--r--"));
    for (Path d : List.of(dir, dir.resolve("run"))) {
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x--x"));
    }
    stage = dir;
  }

  /** The stage's path (null when not root or not prepared). */
  Path stage() {
    return stage;
  }

  /** Removes the stage. */
  @Override
  public synchronized void close() throws IOException {
    if (stage != null) {
      FileTrees.delete(stage);
      stage = null;
    }
  }

  /** The first missing executable, as a cause with its fix; empty when all are there. */
  Optional<String> missingTool() {
    if (!Files.isExecutable(config.bwrap())) {
      return Optional.of(
          "bubblewrap not found at "
              + config.bwrap()
              + " (OPSMCP_BWRAP_PATH): install it (apt-get install bubblewrap python3) or set"
              + " OPSMCP_BWRAP_PATH to its path");
    }
    if (!Files.isExecutable(config.python())) {
      return Optional.of(
          "python not found at "
              + config.python()
              + " (OPSMCP_ANALYSIS_PYTHON): install python3 (apt-get install python3)");
    }
    List<Path> tools = new ArrayList<>(List.of(config.prlimit()));
    if (root) {
      tools.addAll(List.of(config.setpriv(), config.unshare(), config.mount(), Path.of("/bin/sh")));
    }
    for (Path tool : tools) {
      if (!Files.isExecutable(tool)) {
        return Optional.of(tool + " not found: install util-linux and mount");
      }
    }
    return Optional.empty();
  }

  /**
   * The command that runs {@code runDir/analysis.py} with {@code input} (may be null) and {@code
   * runDir/out}.
   */
  List<String> command(int uid, int cpuSeconds, Path runDir, Path input, String inputHandle) {
    List<String> c = new ArrayList<>();
    Path source = runDir;
    Path inputSource = input;
    if (root) {
      c.addAll(
          List.of(
              config.unshare().toString(),
              "--mount",
              "--propagation",
              "private",
              "--",
              "/bin/sh",
              "-c",
              STAGE,
              "sh",
              config.mount().toString(),
              stage.toString(),
              runDir.toString(),
              input == null ? "" : input.toString()));
      source = stage.resolve("run");
      inputSource = input == null ? null : stage.resolve("input.json");
    }
    c.add(config.prlimit().toString());
    c.add("--cpu=" + cpuSeconds);
    c.add("--as=" + config.memoryBytes());
    c.add("--fsize=" + config.maxFileBytes());
    c.add("--nofile=256");
    c.add("--core=0");
    c.add("--");
    if (root) {
      c.addAll(
          List.of(
              config.setpriv().toString(),
              "--reuid=" + uid,
              "--regid=" + uid,
              "--clear-groups",
              "--"));
    }
    c.addAll(
        List.of(
            config.bwrap().toString(),
            "--unshare-all",
            "--unshare-user",
            "--uid",
            Integer.toString(uid),
            "--gid",
            Integer.toString(uid),
            "--disable-userns",
            "--cap-drop",
            "ALL",
            "--die-with-parent",
            "--new-session",
            "--as-pid-1",
            "--hostname",
            "sandbox",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/bin",
            "--setenv",
            "HOME",
            WORKDIR,
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "TMPDIR",
            "/tmp",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--symlink",
            "usr/bin",
            "/bin",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--size",
            Long.toString(64L * 1024 * 1024),
            "--tmpfs",
            "/tmp",
            "--dir",
            WORKDIR,
            "--ro-bind",
            source.resolve("analysis.py").toString(),
            WORKDIR + "/analysis.py"));
    if (inputSource != null) {
      c.addAll(List.of("--ro-bind", inputSource.toString(), WORKDIR + "/input.json"));
      c.addAll(List.of("--ro-bind", inputSource.toString(), WORKDIR + "/" + inputHandle));
      c.addAll(List.of("--setenv", "LOG_DATA_PATH", WORKDIR + "/input.json"));
    }
    c.addAll(
        List.of(
            "--bind",
            source.resolve("out").toString(),
            WORKDIR + "/out",
            "--remount-ro",
            "/",
            "--chdir",
            WORKDIR,
            "--",
            // Inside the jail's user namespace: counts this run's processes and threads only.
            config.prlimit().toString(),
            "--nproc=" + config.maxProcesses(),
            "--",
            config.python().toString(),
            "-I",
            "-B",
            "-u",
            WORKDIR + "/analysis.py"));
    return c;
  }

  private static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
