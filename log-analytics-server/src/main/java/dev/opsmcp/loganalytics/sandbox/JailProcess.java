package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.capture.CappedOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one jail command to its end: drains stdout and stderr into capped buffers, watches {@code
 * out/}, and kills the whole process tree on timeout, on too much output, or on an {@code out/}
 * over its limits. The wall clock is the JVM's job; CPU, memory, processes and file size are
 * rlimits.
 */
final class JailProcess {
  /** How a run ended. {@code limit} says which limit stopped it, or is null. */
  record Execution(
      int exitCode,
      boolean timedOut,
      String limit,
      CappedOutput stdout,
      CappedOutput stderr,
      long durationMillis) {}

  private JailProcess() {}

  static Execution run(List<String> command, Path out, int timeoutSeconds, SandboxConfig config)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/"));
    pb.environment().clear();
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    long start = System.nanoTime();
    Process process = pb.start();
    AtomicReference<String> limit = new AtomicReference<>();
    Runnable outputOverflow =
        () -> {
          if (limit.compareAndSet(
              null,
              "output: stdout or stderr passed "
                  + config.maxOutputBytes()
                  + " bytes (OPSMCP_ANALYSIS_MAX_OUTPUT_KB); write large results to out/")) {
            killTree(process);
          }
        };
    CappedOutput stdout =
        CappedOutput.start(process.getInputStream(), config.maxOutputBytes(), outputOverflow);
    CappedOutput stderr =
        CappedOutput.start(process.getErrorStream(), config.maxOutputBytes(), outputOverflow);
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    boolean timedOut = false;
    while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() > deadline) {
        timedOut = limit.get() == null;
        killTree(process);
        break;
      }
      Optional<String> over = OutDir.overLimits(out, config.maxOutFiles(), config.maxOutBytes());
      if (over.isPresent()
          && limit.compareAndSet(
              null,
              "out/: "
                  + over.get()
                  + " (OPSMCP_ANALYSIS_MAX_OUT_FILES / OPSMCP_ANALYSIS_MAX_OUT_MB; at most "
                  + OutDir.MAX_DEPTH
                  + " levels)")) {
        killTree(process);
      }
    }
    process.waitFor();
    long duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // The pid namespace died with its pid 1, so no one holds the pipes any more.
    stdout.await(5_000);
    stderr.await(5_000);
    return new Execution(process.exitValue(), timedOut, limit.get(), stdout, stderr, duration);
  }

  static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
