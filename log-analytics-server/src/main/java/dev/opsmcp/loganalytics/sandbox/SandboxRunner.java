package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Runs agent-written Python in the jail: a fresh run directory per run, one sandbox uid per
 * concurrent slot, per-tenant and global concurrency limits, and a probe at start with the very
 * command runs use. When the probe fails nothing runs, ever; {@link #unavailable()} says why.
 * Thread-safe.
 */
public final class SandboxRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxRunner.class);
  private static final int SIGXCPU = 24;
  private static final int SIGXFSZ = 25;
  private static final int SIGKILL = 9;

  private final SandboxConfig config;
  private final Workspaces workspaces;
  private final Jail jail;
  private final RunStore runs;
  private final BlockingQueue<Integer> slots;
  private final Map<String, Semaphore> tenantPermits = new ConcurrentHashMap<>();
  private volatile Optional<String> unavailable = Optional.of("the jail has not been probed yet");
  private UidRangeLock uidLock;

  SandboxRunner(SandboxConfig config, Workspaces workspaces, RunStore runs) {
    this.config = config;
    this.workspaces = workspaces;
    this.jail = new Jail(config);
    this.runs = runs;
    this.slots = new ArrayBlockingQueue<>(config.concurrency());
    for (int i = 0; i < config.concurrency(); i++) {
      slots.add(i);
    }
  }

  /** Why analysis cannot run here (cause and fix), or empty when the jail works. */
  public Optional<String> unavailable() {
    return unavailable;
  }

  /** Runs {@code print('ok')} with the production command; records whether the jail works. */
  public Optional<String> probe() {
    Optional<String> missing = jail.missingTool();
    if (missing.isPresent()) {
      unavailable = missing;
      LOG.warn("analysis sandbox unavailable: {}", missing.get());
      return unavailable;
    }
    Path dir = workspaces.root().resolve(".probe");
    try {
      if (jail.runsAsRoot() && uidLock == null) {
        uidLock = UidRangeLock.claim(config.uidBase(), config.concurrency()).orElse(null);
        if (uidLock == null) {
          unavailable =
              Optional.of(
                  "sandbox uids "
                      + config.uidBase()
                      + "-"
                      + (config.uidBase() + config.concurrency() - 1)
                      + " are in use by another OpsMCP process on this host: give each process"
                      + " its own OPSMCP_ANALYSIS_UID_BASE (ranges must not overlap)");
          LOG.warn("analysis sandbox unavailable: {}", unavailable.get());
          return unavailable;
        }
      }
      jail.prepare();
      FileTrees.delete(dir);
      Workspaces.mkdir(workspaces.root());
      Workspaces.mkdir(dir);
      runDirModes(dir);
      writeScript(dir, "print('ok')\n");
      Path out = makeOut(dir, config.uidBase());
      JailProcess.Execution e =
          JailProcess.run(jail.command(config.uidBase(), 15, dir, null, null), out, 20, config);
      if (e.exitCode() == 0 && e.stdout().text().strip().equals("ok")) {
        unavailable = Optional.empty();
        LOG.info("analysis sandbox verified ({} as {})", config.bwrap(), jailUser());
      } else {
        unavailable = Optional.of(probeCause(e));
        LOG.warn("analysis sandbox unavailable: {}", unavailable.get());
      }
    } catch (IOException | RuntimeException e) {
      unavailable = Optional.of("the jail probe could not start: " + e.getMessage());
      LOG.warn("analysis sandbox unavailable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable = Optional.of("the jail probe was interrupted");
    }
    return unavailable;
  }

  private String jailUser() {
    return jail.runsAsRoot() ? "uids " + config.uidBase() + "+" : "the server's own uid";
  }

  private String probeCause(JailProcess.Execution e) {
    String err = e.stderr().text().strip();
    String first = err.lines().findFirst().orElse("(no error output)");
    String hint;
    if (err.contains("Can't find source path") && err.contains("Permission denied")) {
      hint =
          "the sandbox uid cannot reach the stage "
              + jail.stage()
              + ": it needs o+x on each directory above it";
    } else if (err.contains("namespace") || err.contains("Operation not permitted")) {
      hint =
          "user namespaces look forbidden: check sysctl user.max_user_namespaces (must be > 0)"
              + " and, in a container, a seccomp/AppArmor profile that allows unshare";
    } else {
      hint = "check that " + config.bwrap() + " and " + config.python() + " work on this host";
    }
    return "the bubblewrap jail failed its start-up probe (exit "
        + e.exitCode()
        + ": "
        + first
        + "); "
        + hint;
  }

  /** What a run needs: the script (a workspace file), optional log data, and the timeout. */
  record Request(
      String tenant,
      Path script,
      String scriptHandle,
      Path input,
      String inputHandle,
      int timeoutSeconds,
      Long incidentId) {}

  AnalysisRun run(Request r) throws ToolFailure, InterruptedException {
    if (unavailable.isPresent()) {
      throw new ToolFailure(
          "analysis is unavailable on this server: "
              + unavailable.get()
              + ". Nothing was run (scripts never run outside the jail); ask an operator to fix"
              + " it, /health shows the same cause");
    }
    Semaphore tenantLimit =
        tenantPermits.computeIfAbsent(r.tenant(), t -> new Semaphore(config.perTenant(), true));
    long wait = config.queueWait().toMillis();
    if (!tenantLimit.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
      throw new ToolFailure(
          "limit exceeded: "
              + config.perTenant()
              + " analysis runs of your tenant are already running (OPSMCP_ANALYSIS_PER_TENANT);"
              + " wait for one to finish and retry");
    }
    try {
      Integer slot = slots.poll(wait, TimeUnit.MILLISECONDS);
      if (slot == null) {
        throw new ToolFailure(
            "limit exceeded: the server is running its maximum of "
                + config.concurrency()
                + " analysis runs (OPSMCP_ANALYSIS_CONCURRENCY); retry in a minute");
      }
      int uid = config.uidBase() + slot;
      try {
        return runInSlot(r, uid);
      } finally {
        releaseSlot(slot, uid);
      }
    } finally {
      tenantLimit.release();
    }
  }

  /** Returns the slot once nothing runs as its uid any more (else it stays out of service). */
  private void releaseSlot(int slot, int uid) throws InterruptedException {
    if (!jail.runsAsRoot() || UidProcesses.clear(uid, 10_000)) {
      slots.add(slot);
    } else {
      LOG.error("sandbox uid {} still has processes after a run; slot {} retired", uid, slot);
    }
  }

  private AnalysisRun runInSlot(Request r, int uid) throws InterruptedException {
    String id = Ids.newId("run");
    Instant started = Instant.now();
    Path dir = workspaces.tenantDir(r.tenant()).resolve("runs").resolve(id);
    JailProcess.Execution e;
    Path out;
    try {
      Workspaces.mkdir(dir);
      runDirModes(dir);
      Path script = dir.resolve("analysis.py");
      Files.copy(r.script(), script, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
      out = makeOut(dir, uid);
      int cpu = Math.max(15, r.timeoutSeconds() + 5);
      e =
          JailProcess.run(
              jail.command(uid, cpu, dir, r.input(), r.inputHandle()),
              out,
              r.timeoutSeconds(),
              config);
    } catch (IOException ex) {
      throw new UncheckedIOException("analysis run " + id + " could not start", ex);
    }
    // From here on the script has run: whatever it left, the run is recorded.
    OutDir.Settled settled;
    if (jail.runsAsRoot() && !UidProcesses.clear(uid, 10_000)) {
      // out/ is read only once nothing of the run can still change it.
      settled =
          new OutDir.Settled(
              List.of(), List.of("out/ (not read: processes of the run outlived it)"));
    } else {
      settled = OutDir.settle(out, config.maxOutFiles(), config.maxOutBytes());
    }
    keep(dir.resolve("stdout.txt"), e.stdout().bytes());
    keep(dir.resolve("stderr.txt"), e.stderr().bytes());
    AnalysisRun run = finish(id, started, r, e, settled, out);
    runs.insert(r.tenant(), run);
    return run;
  }

  private static void keep(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      LOG.warn("cannot keep {}: {}", file, e.toString());
    }
  }

  private AnalysisRun finish(
      String id,
      Instant started,
      Request r,
      JailProcess.Execution e,
      OutDir.Settled settled,
      Path out) {
    String stderrAll = e.stderr().text();
    String limit = e.limit();
    int code = e.exitCode();
    if (limit == null && !e.timedOut()) {
      if (code == 128 + SIGXCPU || code == 128 + SIGKILL) {
        limit = "cpu: the CPU-time limit was reached";
      } else if (code == 128 + SIGXFSZ || stderrAll.contains("File too large")) {
        limit = "file size: a file passed " + config.maxFileBytes() + " bytes";
      } else if (stderrAll.contains("MemoryError")) {
        limit = "memory: the " + config.memoryBytes() + "-byte address-space limit was reached";
      } else if (stderrAll.contains("Resource temporarily unavailable")
          && (stderrAll.contains("fork") || stderrAll.contains("thread"))) {
        limit = "processes: more than " + config.maxProcesses() + " processes or threads";
      }
    }
    String status =
        e.timedOut() ? "timeout" : limit != null ? "limit_exceeded" : code == 0 ? "ok" : "error";
    Object result = null;
    String resultNote = null;
    Path resultFile = out.resolve("result.json");
    boolean hasResult = settled.files().stream().anyMatch(f -> f.path().equals("out/result.json"));
    if (hasResult) {
      try {
        long size = Files.size(resultFile);
        if (size > config.maxResultBytes()) {
          resultNote =
              "out/result.json has "
                  + size
                  + " bytes, over the "
                  + config.maxResultBytes()
                  + "-byte cap (OPSMCP_ANALYSIS_RESULT_KB): write a smaller summary";
        } else {
          result = Json.MAPPER.readTree(Files.readAllBytes(resultFile));
        }
      } catch (JacksonException ex) {
        resultNote =
            "out/result.json is not valid JSON: "
                + StoredText.scrub(ex.getOriginalMessage().lines().findFirst().orElse(""));
      } catch (IOException ex) {
        resultNote = "out/result.json cannot be read: " + ex.getMessage();
      }
    }
    String runPrefix = "runs/" + id + "/";
    List<OutDir.OutFile> files =
        settled.files().stream()
            .map(f -> new OutDir.OutFile(runPrefix + f.path(), f.bytes()))
            .sorted(Comparator.comparing(OutDir.OutFile::path))
            .toList();
    String stdout = e.stdout().text();
    return new AnalysisRun(
        id,
        status,
        e.timedOut() ? null : code,
        e.durationMillis(),
        started.toString(),
        r.incidentId(),
        r.scriptHandle() != null ? r.scriptHandle() : runPrefix + "analysis.py",
        r.inputHandle(),
        cut(stdout, config.shownStdoutChars()),
        stdout.length() > config.shownStdoutChars() || e.stdout().overflowed(),
        cut(stderrAll, config.shownStderrChars()),
        stderrAll.length() > config.shownStderrChars() || e.stderr().overflowed(),
        result,
        resultNote,
        files,
        settled.rejected(),
        e.timedOut()
            ? "wall time: killed after " + r.timeoutSeconds() + " s (timeout_seconds)"
            : limit);
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max)
        + "\n… [cut: "
        + (text.length() - max)
        + " more characters kept in the run's stdout.txt/stderr.txt]";
  }

  private static Path writeScript(Path dir, String code) throws IOException {
    Path script = dir.resolve("analysis.py");
    Files.writeString(script, code, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    return script;
  }

  private Path makeOut(Path dir, int uid) throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectory(out);
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwx------"));
    if (jail.runsAsRoot()) {
      Files.setAttribute(out, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(out, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
    }
    return out;
  }

  /** A run directory is the stage's mount root as root: the sandbox uid must traverse it. */
  private static void runDirModes(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
  }

  /** Releases the uid range and removes the stage. */
  @Override
  public synchronized void close() throws IOException {
    if (uidLock != null) {
      uidLock.close();
      uidLock = null;
    }
    jail.close();
  }
}
