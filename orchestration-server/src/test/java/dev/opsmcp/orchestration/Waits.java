package dev.opsmcp.orchestration;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition the system reaches asynchronously, failing after a deadline. */
final class Waits {
  private Waits() {}

  static void until(String what, Duration max, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
