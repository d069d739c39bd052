package dev.opsmcp.loganalytics.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Checks a run's {@code out/} without following links: while it runs (over the limits?), and after
 * it is dead (keep regular files within the limits, delete everything else).
 */
final class OutDir {
  private static final int MAX_DEPTH = 16;

  record OutFile(String path, long bytes) {}

  record Settled(List<OutFile> files, List<String> rejected) {}

  private OutDir() {}

  /** True when {@code out} holds more than {@code maxFiles} entries or {@code maxBytes}. */
  static boolean exceeds(Path out, int maxFiles, long maxBytes) {
    long[] seen = {0, 0};
    try {
      Files.walkFileTree(
          out,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              seen[0]++;
              seen[1] += attrs.size();
              return seen[0] > maxFiles || seen[1] > maxBytes
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      return false;
    }
    return seen[0] > maxFiles || seen[1] > maxBytes;
  }

  /** After the run: keeps regular files up to the limits; deletes links, FIFOs and the excess. */
  static Settled settle(Path out, int maxFiles, long maxBytes) throws IOException {
    List<OutFile> files = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    long[] total = {0};
    Files.walkFileTree(
        out,
        EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        MAX_DEPTH,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String name = "out/" + out.relativize(file);
            if (!attrs.isRegularFile()) {
              reject(file, name + " (" + kind(attrs) + ": only regular files are kept)");
            } else if (files.size() >= maxFiles) {
              reject(file, name + " (more than " + maxFiles + " files)");
            } else if (total[0] + attrs.size() > maxBytes) {
              reject(file, name + " (over the " + maxBytes + "-byte total for out/)");
            } else {
              total[0] += attrs.size();
              files.add(new OutFile(name, attrs.size()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            reject(file, "out/" + out.relativize(file) + " (unreadable)");
            return FileVisitResult.CONTINUE;
          }

          private void reject(Path file, String why) throws IOException {
            if (rejected.size() < 20) {
              rejected.add(why);
            } else if (rejected.size() == 20) {
              rejected.add("… more rejected entries not listed");
            }
            Files.deleteIfExists(file);
          }
        });
    return new Settled(files, rejected);
  }

  private static String kind(BasicFileAttributes attrs) {
    return attrs.isSymbolicLink()
        ? "symbolic link"
        : attrs.isDirectory() ? "directory" : "special file";
  }
}
