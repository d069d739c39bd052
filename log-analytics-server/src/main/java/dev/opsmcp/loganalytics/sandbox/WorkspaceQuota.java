package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.tool.ToolFailure;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cap on the bytes one tenant's analysis workspace holds ({@code OPSMCP_WORKSPACE_MAX_BYTES}):
 * log data exports, saved scripts and runs. A write that would pass it is refused with what to
 * delete. Thread-safe.
 */
public final class WorkspaceQuota {
  private static final int LARGEST_SHOWN = 5;

  private final Workspaces workspaces;
  private final long maxBytes;

  public WorkspaceQuota(Workspaces workspaces, long maxBytes) {
    this.workspaces = workspaces;
    this.maxBytes = maxBytes;
  }

  private record Entry(String handle, long bytes) {}

  /** The bytes {@code tenant} may still write; refuses when fewer than {@code needed} are left. */
  public long room(String tenant, long needed, String what, String alternative) throws ToolFailure {
    long used = entries(tenant).stream().mapToLong(Entry::bytes).sum();
    if (maxBytes - used < needed || used >= maxBytes) {
      throw full(tenant, what, alternative);
    }
    return maxBytes - used;
  }

  /** The refusal for {@code what}: the cap, what is in use, the largest entries to delete. */
  public ToolFailure full(String tenant, String what, String alternative) {
    List<Entry> entries = entries(tenant);
    long used = entries.stream().mapToLong(Entry::bytes).sum();
    String largest =
        entries.stream()
            .sorted(Comparator.comparingLong(Entry::bytes).reversed().thenComparing(Entry::handle))
            .limit(LARGEST_SHOWN)
            .map(e -> e.handle() + " (" + e.bytes() + " bytes)")
            .collect(Collectors.joining(", "));
    return new ToolFailure(
        what
            + " would take your analysis workspace past its cap of "
            + maxBytes
            + " bytes (OPSMCP_WORKSPACE_MAX_BYTES; "
            + used
            + " in use); nothing was written. "
            + (largest.isEmpty()
                ? ""
                : "Free space with delete_workspace_file, largest first: " + largest + ". ")
            + alternative
            + " Files older than OPSMCP_LOG_RETENTION_DAYS are deleted automatically.");
  }

  /** The tenant's log data files, scripts and run directories, with their sizes. */
  private List<Entry> entries(String tenant) {
    Path base = workspaces.tenantDir(tenant);
    List<Entry> entries = new ArrayList<>();
    for (String area : Workspaces.AREAS) {
      for (Path p : Workspaces.list(base.resolve(area))) {
        entries.add(new Entry(base.relativize(p).toString(), bytes(p)));
      }
    }
    return entries;
  }

  /**
   * Bytes of the regular files under {@code path}, links not followed, unreadable parts skipped.
   */
  static long bytes(Path path) {
    long[] total = {0};
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              total[0] += attrs.isRegularFile() ? attrs.size() : 0;
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // counted what could be read
    }
    return total[0];
  }
}
