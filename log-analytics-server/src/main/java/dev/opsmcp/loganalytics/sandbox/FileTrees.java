package dev.opsmcp.loganalytics.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes a tree that a sandboxed script may have shaped to resist: nested deeper than PATH_MAX,
 * directories made read-only or unreadable, links and FIFOs. Links are never followed. Nested
 * directories are first moved up to the top of the tree, so every path stays short and one
 * directory is open at a time. Only for trees nothing changes any more (the run is over).
 */
final class FileTrees {
  private static final Set<PosixFilePermission> OWNER_ALL =
      PosixFilePermissions.fromString("rwx------");

  private FileTrees() {}

  /** Deletes {@code path} (file, link or directory tree); absent is fine. */
  static void delete(Path path) throws IOException {
    PosixFileAttributes attrs = attributes(path);
    if (attrs == null) {
      return;
    }
    if (!attrs.isDirectory()) {
      Files.deleteIfExists(path);
      return;
    }
    openUp(path, attrs);
    Deque<Path> pending = new ArrayDeque<>(List.of(path));
    List<Path> emptied = new ArrayList<>();
    int lifted = 0;
    while (!pending.isEmpty()) {
      Path dir = pending.pop();
      List<Path> entries;
      try (Stream<Path> list = Files.list(dir)) {
        entries = list.toList();
      }
      for (Path entry : entries) {
        PosixFileAttributes a = attributes(entry);
        if (a == null) {
          continue;
        }
        if (!a.isDirectory()) {
          Files.deleteIfExists(entry);
          continue;
        }
        openUp(entry, a);
        Path top = entry;
        if (!dir.equals(path)) {
          do {
            top = path.resolve(".lifted-" + lifted++);
          } while (Files.exists(top, LinkOption.NOFOLLOW_LINKS));
          Files.move(entry, top);
        }
        pending.push(top);
      }
      if (!dir.equals(path)) {
        emptied.add(dir);
      }
    }
    for (Path dir : emptied) {
      Files.delete(dir);
    }
    Files.delete(path);
  }

  /** Gives the owner rwx on directory {@code dir} when it lacks them (it is not a link). */
  static void openUp(Path dir, PosixFileAttributes attrs) throws IOException {
    if (!attrs.permissions().containsAll(OWNER_ALL)) {
      Files.setPosixFilePermissions(dir, OWNER_ALL);
    }
  }

  /** The attributes of {@code path} itself (not of a link's target), or null when absent. */
  static PosixFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
