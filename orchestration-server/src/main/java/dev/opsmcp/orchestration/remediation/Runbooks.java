package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.server.HealthCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's runbooks from {@code OPSMCP_RUNBOOKS_FILE}, re-read when the file changes (checked
 * on use, at most once a second). A file that fails to load keeps the last good set and says why in
 * the log and in {@link #problem()}. Thread-safe.
 */
public final class Runbooks implements HealthCheck {
  private static final Logger LOG = LoggerFactory.getLogger(Runbooks.class);
  private static final long CHECK_NANOS = 1_000_000_000L;

  private record Loaded(List<Runbook> runbooks, FileTime modified, long size, String problem) {}

  private final Path file;
  private volatile Loaded loaded = new Loaded(List.of(), null, -1, null);
  private volatile long checkedAt = System.nanoTime() - CHECK_NANOS;

  /** {@code file} null: no runbooks configured. A file that fails at start stops the server. */
  public Runbooks(Path file) {
    this.file = file;
    if (file != null) {
      reload(true);
    }
  }

  public List<Runbook> all() {
    refresh();
    return loaded.runbooks();
  }

  public Optional<Runbook> find(String name) {
    return all().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Why the file on disk is not what is loaded, or null. */
  public String problem() {
    refresh();
    return loaded.problem();
  }

  public boolean configured() {
    return file != null;
  }

  @Override
  public String name() {
    return "runbooks";
  }

  /** Degraded while the file on disk fails to load (the last good set still serves). */
  @Override
  public Result check() {
    String problem = problem();
    return problem == null
        ? Result.ok()
        : new Result(
            Status.DEGRADED, "runbook file not reloaded, last good set in use: " + problem);
  }

  private void refresh() {
    long now = System.nanoTime();
    if (file == null || now - checkedAt < CHECK_NANOS) {
      return;
    }
    checkedAt = now;
    reload(false);
  }

  private synchronized void reload(boolean strict) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Loaded current = loaded;
      if (modified.equals(current.modified()) && size == current.size()) {
        return;
      }
      List<Runbook> runbooks = RunbookFile.read(file);
      loaded = new Loaded(runbooks, modified, size, null);
      LOG.info("loaded {} runbooks from {}", runbooks.size(), file);
    } catch (IOException | IllegalArgumentException e) {
      String problem = file + ": " + e.getMessage();
      if (strict) {
        throw new IllegalArgumentException("OPSMCP_RUNBOOKS_FILE " + problem, e);
      }
      Loaded current = loaded;
      if (!problem.equals(current.problem())) {
        LOG.error("runbook file not reloaded, keeping the last good set: {}", problem);
      }
      loaded = new Loaded(current.runbooks(), current.modified(), current.size(), problem);
    }
  }
}
