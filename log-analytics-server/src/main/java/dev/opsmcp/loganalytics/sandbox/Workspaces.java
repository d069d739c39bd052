package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tenants' analysis workspaces under {@code <data>/analytics/<tenant>/}: {@code logs/} (log
 * data files), {@code scripts/} (saved scripts) and {@code runs/<run_id>/}. Tools name files by
 * handles relative to the tenant's workspace; {@link #resolve} refuses anything that would leave
 * it. Directories are owner-only: the jail reaches a run's files through bind mounts, never by
 * path. Thread-safe.
 */
public final class Workspaces {
  static final List<String> AREAS = List.of("logs", "scripts", "runs");

  /** What a retention pass removed, and what it could not remove (path and cause). */
  public record Cleanup(int removed, List<String> failed) {}

  private final Path root;

  public Workspaces(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The tenant's workspace, created with its areas if needed. */
  public Path tenantDir(String tenant) {
    Path dir = root.resolve(tenant);
    try {
      mkdir(root);
      mkdir(dir);
      for (String area : AREAS) {
        mkdir(dir.resolve(area));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create workspace " + dir, e);
    }
    return dir;
  }

  static void mkdir(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  /**
   * The file a handle names inside the tenant's workspace (it need not exist). Refuses absolute
   * paths, {@code ..}, and any symbolic link on the way.
   */
  public Path resolve(String tenant, String argument, String handle) throws ToolFailure {
    if (handle == null || handle.isBlank()) {
      throw new ToolFailure(argument + " is empty: pass a path returned by an earlier tool call");
    }
    if (!StoredText.storable(handle)) {
      throw refused(argument, handle, "it contains the character U+0000 (NUL)");
    }
    if (handle.startsWith("/") || handle.startsWith("~")) {
      throw refused(argument, handle, "absolute paths are not allowed");
    }
    Path relative = Path.of(handle);
    for (Path part : relative) {
      if (part.toString().equals("..")) {
        throw refused(argument, handle, "'..' is not allowed");
      }
    }
    Path base = tenantDir(tenant);
    Path target = base.resolve(relative).normalize();
    if (!target.startsWith(base) || target.equals(base)) {
      throw refused(argument, handle, "it resolves outside your workspace");
    }
    Path current = base;
    for (Path part : base.relativize(target)) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw refused(argument, handle, "'" + base.relativize(current) + "' is a symbolic link");
      }
    }
    return target;
  }

  /** Like {@link #resolve} for a file that must exist and be a regular file. */
  public Path existingFile(String tenant, String argument, String handle) throws ToolFailure {
    Path file = resolve(tenant, argument, handle);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolFailure(
          argument
              + " "
              + Echo.of(handle)
              + " does not exist in your workspace; pass a path returned by get_raw_logs,"
              + " save_analysis_script or execute_analysis_script");
    }
    return file;
  }

  /**
   * Deletes log data files and run directories last modified before {@code cutoff}, in every
   * tenant's workspace, without following links and whatever modes a script left. An entry that
   * cannot be deleted is skipped and reported; the pass goes on with the others.
   */
  public Cleanup deleteOlderThan(java.time.Instant cutoff) {
    int removed = 0;
    List<String> failed = new ArrayList<>();
    for (Path entry : entries()) {
      try {
        if (Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS)
            .toInstant()
            .isBefore(cutoff)) {
          FileTrees.delete(entry);
          removed++;
        }
      } catch (IOException | RuntimeException e) {
        failed.add(root.relativize(entry) + ": " + e);
      }
    }
    return new Cleanup(removed, failed);
  }

  /** Every log data file and run directory of every tenant (not following links). */
  private List<Path> entries() {
    List<Path> entries = new ArrayList<>();
    for (Path tenant : list(root)) {
      if (tenant.getFileName().toString().startsWith(".")) {
        continue;
      }
      for (String area : List.of("logs", "runs")) {
        entries.addAll(list(tenant.resolve(area)));
      }
    }
    return entries;
  }

  /** The entries of directory {@code dir}; none when it is absent, a link or unreadable. */
  static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /** The handle of a file inside the tenant's workspace. */
  public String handle(String tenant, Path file) {
    return root.resolve(tenant).relativize(file).toString();
  }

  private static ToolFailure refused(String argument, String handle, String why) {
    return new ToolFailure(
        argument
            + " "
            + Echo.of(StoredText.scrub(handle))
            + " is refused: "
            + why
            + ". Paths are handles inside your workspace, e.g. scripts/top_errors.py or"
            + " logs/<file>.json as returned by earlier calls");
  }
}
