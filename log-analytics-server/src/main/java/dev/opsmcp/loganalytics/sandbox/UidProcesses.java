package dev.opsmcp.loganalytics.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host processes running as one sandbox uid. A slot's uid is reused only when none is left: its
 * process limit (RLIMIT_NPROC) counts them, and the kernel tears a killed pid namespace down
 * asynchronously.
 */
final class UidProcesses {
  private UidProcesses() {}

  static List<ProcessHandle> of(int uid) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> uidOf(p) == uid)
          .flatMap(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())).stream())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Kills what is left of {@code uid} and waits up to {@code millis} for it to be gone. */
  static boolean clear(int uid, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      List<ProcessHandle> left = of(uid);
      if (left.isEmpty()) {
        return true;
      }
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      left.forEach(ProcessHandle::destroyForcibly);
      Thread.sleep(20);
    }
  }

  private static int uidOf(Path proc) {
    try {
      return (Integer) Files.getAttribute(proc, "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
