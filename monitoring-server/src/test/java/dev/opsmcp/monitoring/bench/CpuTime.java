package dev.opsmcp.monitoring.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time consumed so far by this JVM and by the local database or Prometheus processes (from
 * {@code /proc}), in nanoseconds. On a shared machine wall-clock figures swing with the load; the
 * CPU a piece of work costs swings far less, so the bench prints both.
 */
final class CpuTime {
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

  private CpuTime() {}

  static long jvm() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Every process whose command name is {@code comm} and whose command line contains {@code tag}
   * (PostgreSQL backends show their database there), 0 without /proc.
   */
  static long processes(String comm, String tag) {
    long ticks = 0;
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
        ticks += ticks(dir, comm, tag);
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * TICK_NANOS;
  }

  private static long ticks(Path dir, String comm, String tag) {
    try {
      String s = Files.readString(dir.resolve("stat"));
      int open = s.indexOf('(');
      int close = s.lastIndexOf(')');
      if (open < 0 || close < 0 || !s.substring(open + 1, close).equals(comm)) {
        return 0;
      }
      if (!Files.readString(dir.resolve("cmdline")).contains(tag)) {
        return 0;
      }
      // after ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
      // stime
      String[] f = s.substring(close + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException gone) {
      return 0; // the process ended meanwhile
    }
  }
}
