package dev.opsmcp.loganalytics.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's {@code out/}, never following links. While the run is alive, {@link #overLimits} walks it
 * through directory handles (no path-length or depth blind spot: every entry counts, directories
 * included, and nesting past {@value #MAX_DEPTH} levels is itself over the limit). Once the run is
 * dead, {@link #settle} keeps regular files within the limits, opens up whatever modes the script
 * left, and deletes everything else.
 */
final class OutDir {
  static final int MAX_DEPTH = 16;
  static final int MAX_PATH_CHARS = 1024;
  private static final int MAX_REJECTED_SHOWN = 20;

  record OutFile(String path, long bytes) {}

  record Settled(List<OutFile> files, List<String> rejected) {}

  private OutDir() {}

  /** Why {@code out} is over its limits right now, or empty while it is within them. */
  static Optional<String> overLimits(Path out, int maxEntries, long maxBytes) {
    try (DirectoryStream<Path> top = Files.newDirectoryStream(out)) {
      if (!(top instanceof SecureDirectoryStream<Path> dir)) {
        throw new IllegalStateException("no openat-based directory streams on this platform");
      }
      Scan scan = new Scan(maxEntries, maxBytes);
      scan.walk(dir, "", 1);
      return Optional.ofNullable(scan.verdict);
    } catch (AccessDeniedException e) {
      return Optional.of("out/ is not readable by the server (its mode was changed)");
    } catch (IOException | DirectoryIteratorException e) {
      return Optional.empty(); // out/ itself is the server's: the script cannot take it away
    }
  }

  private static final class Scan {
    private final int maxEntries;
    private final long maxBytes;
    private long entries;
    private long bytes;
    private String verdict;

    Scan(int maxEntries, long maxBytes) {
      this.maxEntries = maxEntries;
      this.maxBytes = maxBytes;
    }

    void walk(SecureDirectoryStream<Path> dir, String prefix, int depth) {
      for (Path entry : dir) {
        Path name = entry.getFileName();
        BasicFileAttributes attrs;
        try {
          attrs =
              dir.getFileAttributeView(
                      name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                  .readAttributes();
        } catch (IOException gone) {
          continue; // deleted by the script since it was listed
        }
        entries++;
        bytes += attrs.isRegularFile() ? attrs.size() : 0;
        if (entries > maxEntries) {
          verdict = "more than " + maxEntries + " files and directories";
        } else if (bytes > maxBytes) {
          verdict = "more than " + maxBytes + " bytes";
        } else if (depth > MAX_DEPTH) {
          verdict = "out/" + prefix + " nests deeper than " + MAX_DEPTH + " levels";
        } else if (attrs.isDirectory()) {
          try (SecureDirectoryStream<Path> sub =
              dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            walk(sub, prefix + name + "/", depth + 1);
          } catch (AccessDeniedException e) {
            verdict = "out/" + prefix + name + " is a directory the server cannot read";
          } catch (NoSuchFileException | NotDirectoryException gone) {
            // replaced by the script since it was listed: counted already
          } catch (IOException | DirectoryIteratorException e) {
            verdict = "out/" + prefix + name + " cannot be read: " + e.getMessage();
          }
        }
        if (verdict != null) {
          return;
        }
      }
    }
  }

  /**
   * After the run: keeps regular files up to the limits, opening up the modes the script set;
   * deletes links, FIFOs, what nests too deep and the excess. Never throws: what cannot be read or
   * deleted is listed in {@code rejected}.
   */
  static Settled settle(Path out, int maxEntries, long maxBytes) {
    Settling s = new Settling(maxEntries, maxBytes);
    try {
      PosixFileAttributes attrs = FileTrees.attributes(out);
      if (attrs == null || !attrs.isDirectory()) {
        s.note("out/ (missing after the run)");
      } else {
        FileTrees.openUp(out, attrs);
        s.settle(out, "", 1);
      }
    } catch (IOException e) {
      s.note("out/ (cannot be read: " + e.getMessage() + ")");
    }
    return new Settled(s.files, s.rejected);
  }

  private static final class Settling {
    private final int maxEntries;
    private final long maxBytes;
    private final List<OutFile> files = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private long entries;
    private long total;

    Settling(int maxEntries, long maxBytes) {
      this.maxEntries = maxEntries;
      this.maxBytes = maxBytes;
    }

    void settle(Path dir, String prefix, int depth) {
      List<Path> children;
      try (Stream<Path> list = Files.list(dir)) {
        children = list.sorted(Comparator.comparing(Path::toString)).toList();
      } catch (IOException e) {
        note("out/" + prefix + " (cannot be listed: " + e.getMessage() + ")");
        return;
      }
      for (Path child : children) {
        String name = prefix + child.getFileName();
        try {
          PosixFileAttributes attrs = FileTrees.attributes(child);
          if (attrs == null) {
            continue;
          }
          entries++;
          String why = refusal(attrs, name, depth);
          if (why != null) {
            reject(child, "out/" + name + " (" + why + ")");
          } else if (attrs.isDirectory()) {
            FileTrees.openUp(child, attrs);
            settle(child, name + "/", depth + 1);
          } else {
            if (!attrs.permissions().contains(PosixFilePermission.OWNER_READ)) {
              Files.setPosixFilePermissions(child, PosixFilePermissions.fromString("rw-r--r--"));
            }
            total += attrs.size();
            files.add(new OutFile("out/" + name, attrs.size()));
          }
        } catch (IOException e) {
          reject(child, "out/" + name + " (cannot be read: " + e.getMessage() + ")");
        }
      }
    }

    private String refusal(PosixFileAttributes attrs, String name, int depth) {
      if (!attrs.isDirectory() && !attrs.isRegularFile()) {
        return (attrs.isSymbolicLink() ? "symbolic link" : "special file")
            + ": only regular files are kept";
      }
      if (depth > MAX_DEPTH || (attrs.isDirectory() && depth == MAX_DEPTH)) {
        return "nested deeper than " + MAX_DEPTH + " levels";
      }
      if (name.length() > MAX_PATH_CHARS) {
        return "path longer than " + MAX_PATH_CHARS + " characters";
      }
      if (entries > maxEntries) {
        return "more than " + maxEntries + " files and directories";
      }
      if (attrs.isRegularFile() && total + attrs.size() > maxBytes) {
        return "over the " + maxBytes + "-byte total for out/";
      }
      return null;
    }

    private void reject(Path entry, String why) {
      try {
        FileTrees.delete(entry);
      } catch (IOException e) {
        why += " (could not be deleted: " + e.getMessage() + ")";
      }
      note(why);
    }

    void note(String why) {
      if (rejected.size() < MAX_REJECTED_SHOWN) {
        rejected.add(why);
      } else if (rejected.size() == MAX_REJECTED_SHOWN) {
        rejected.add("… more rejected entries not listed");
      }
    }
  }
}
