package dev.opsmcp.common.signal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** One watcher of one key. Each signal wakes one {@link #await}; close to stop watching. */
public final class Waiter implements AutoCloseable {
  private final Semaphore wakeups = new Semaphore(0);
  private final Runnable onClose;

  Waiter(Runnable onClose) {
    this.onClose = onClose;
  }

  /** Ends the current or next {@link #await} early, as a signal would. */
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  /** True when signalled within {@code timeout}; false when the time passed first. */
  public boolean await(Duration timeout) throws InterruptedException {
    return wakeups.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    onClose.run();
  }
}
