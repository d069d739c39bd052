package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.capture.CappedOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a plan's argv directly (no shell), with a clean environment, stdin closed, stdout and stderr
 * captured together and capped; on timeout the whole process tree is killed.
 */
final class CommandExecutor {
  private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private CommandExecutor() {}

  static Outcome run(Plan plan) {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(plan.argv());
    pb.environment().clear();
    pb.environment().put("PATH", PATH);
    pb.environment().put("LANG", "C.UTF-8");
    pb.directory(new File(plan.workingDir() == null ? "/" : plan.workingDir()));
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Outcome("failed", null, "", "could not start: " + e.getMessage(), ms(start));
    }
    CompletableFuture<String> output = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(() -> output.complete(CappedOutput.read(p.getInputStream(), Outcome.OUTPUT_CAP)));
    try {
      if (!p.waitFor(plan.timeoutSeconds(), TimeUnit.SECONDS)) {
        killTree(p);
        return new Outcome(
            "timed_out",
            null,
            drained(output),
            "killed after " + plan.timeoutSeconds() + " s",
            ms(start));
      }
      int exit = p.exitValue();
      String out = drained(output);
      return new Outcome(
          exit == 0 ? "succeeded" : "failed",
          exit,
          out,
          exit == 0 ? null : "exit status " + exit,
          ms(start));
    } catch (InterruptedException e) {
      killTree(p);
      Thread.currentThread().interrupt();
      return new Outcome(
          "failed", null, drained(output), "interrupted (server stopping)", ms(start));
    }
  }

  private static void killTree(Process p) {
    List<ProcessHandle> tree = p.descendants().toList(); // before the parent dies and they reparent
    tree.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String drained(CompletableFuture<String> output) {
    try {
      return output.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (ExecutionException | TimeoutException e) {
      return "[output unavailable: a child process still holds it open]";
    }
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
