package dev.opsmcp.loganalytics.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The production jail command: prlimit (CPU, address space, file size, open files, processes) →
 * setpriv to the slot's unprivileged uid (when the server runs as root) → bubblewrap with every
 * namespace unshared, all capabilities dropped, a read-only {@code /usr}, private {@code /tmp} and
 * {@code /proc}, a clean environment, the script as pid 1, and only {@code out/} writable. Built as
 * an argument list, never a shell string.
 */
final class Jail {
  static final String WORKDIR = "/workspace";

  private final SandboxConfig config;
  private final boolean root;

  Jail(SandboxConfig config) {
    this.config = config;
    this.root = currentUid() == 0;
  }

  boolean runsAsRoot() {
    return root;
  }

  /** The first missing executable, as a cause with its fix; empty when all are there. */
  Optional<String> missingTool() {
    if (!Files.isExecutable(config.bwrap())) {
      return Optional.of(
          "bubblewrap not found at "
              + config.bwrap()
              + " (OPSMCP_BWRAP_PATH): install it (apt-get install bubblewrap) or set"
              + " OPSMCP_BWRAP_PATH to its path");
    }
    if (!Files.isExecutable(config.python())) {
      return Optional.of(
          "python not found at "
              + config.python()
              + " (OPSMCP_ANALYSIS_PYTHON): install python3 (apt-get install python3)");
    }
    for (Path tool : List.of(config.prlimit(), config.setpriv())) {
      if (!Files.isExecutable(tool)) {
        return Optional.of(tool + " not found: install util-linux");
      }
    }
    return Optional.empty();
  }

  /** The command that runs {@code script} with {@code input} (may be null) and {@code out}. */
  List<String> command(
      int uid, int cpuSeconds, Path script, Path input, String inputHandle, Path out) {
    List<String> c = new ArrayList<>();
    c.add(config.prlimit().toString());
    c.add("--cpu=" + cpuSeconds);
    c.add("--as=" + config.memoryBytes());
    c.add("--fsize=" + config.maxFileBytes());
    c.add("--nofile=256");
    c.add("--core=0");
    if (root) {
      // RLIMIT_NPROC counts per uid: only meaningful for a uid of its own (one per slot).
      c.add("--nproc=" + config.maxProcesses());
    }
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
            script.toString(),
            WORKDIR + "/analysis.py"));
    if (input != null) {
      c.addAll(List.of("--ro-bind", input.toString(), WORKDIR + "/input.json"));
      c.addAll(List.of("--ro-bind", input.toString(), WORKDIR + "/" + inputHandle));
      c.addAll(List.of("--setenv", "LOG_DATA_PATH", WORKDIR + "/input.json"));
    }
    c.addAll(
        List.of(
            "--bind",
            out.toString(),
            WORKDIR + "/out",
            "--remount-ro",
            "/",
            "--chdir",
            WORKDIR,
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
