package dev.opsmcp.common.signal;

import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Blocks a call (on its virtual thread) until a row reaches a final state or the wait ends. Woken
 * by a signal, never by polling: between signals it tells the caller of its progress once per
 * progress interval, and re-reads the row only when the state read says it may have changed
 * unsignalled ({@code stale}: an expiry now due), or once per {@link #SAFETY_READ} in case a signal
 * was lost (a LISTEN reconnection wakes every waiter at once, see {@link Signals#RECONNECTED}). A
 * wait whose credential is revoked or expires ends at once with an auth error.
 */
public final class Waiting {
  /** Reads the current state; may fail with a caller-fixable error. */
  @FunctionalInterface
  public interface Read<T> {
    T get() throws ToolFailure;
  }

  /** How often a waiter that nothing woke re-reads anyway. */
  static final Duration SAFETY_READ = Duration.ofSeconds(60);

  private final Signals signals;
  private final Duration progressInterval;

  public Waiting(Signals signals, Duration progressInterval) {
    this.signals = signals;
    this.progressInterval = progressInterval;
  }

  /**
   * Returns the state once {@code done}, or the last state read when {@code wait} passes. Calls
   * {@code tick} with the seconds waited so far between reads (for progress notifications). Throws
   * the grant's auth failure when it ends first.
   */
  public <T> T until(
      Grant grant, String key, Duration wait, Read<T> read, Predicate<T> done, Tick tick)
      throws ToolFailure {
    return until(grant, key, wait, read, done, t -> false, tick);
  }

  /**
   * As {@link #until(Grant, String, Duration, Read, Predicate, Tick)}; {@code stale} says of the
   * state last read whether it may have changed without a signal (then it is re-read each tick).
   */
  public <T> T until(
      Grant grant,
      String key,
      Duration wait,
      Read<T> read,
      Predicate<T> done,
      Predicate<T> stale,
      Tick tick)
      throws ToolFailure {
    long start = System.nanoTime();
    long deadline = start + wait.toNanos();
    try (Waiter waiter = signals.watch(key);
        Grant.Subscription ended = grant.onEnd(waiter::wake)) {
      T state = null;
      boolean reread = true;
      long lastRead = 0;
      while (true) {
        grant.check();
        long remaining = deadline - System.nanoTime();
        if (reread || remaining <= 0) {
          state = read.get();
          lastRead = System.nanoTime();
          remaining = deadline - lastRead;
          if (done.test(state) || remaining <= 0) {
            return state;
          }
        }
        boolean woken =
            waiter.await(Duration.ofNanos(Math.min(remaining, progressInterval.toNanos())));
        reread =
            woken || stale.test(state) || System.nanoTime() - lastRead >= SAFETY_READ.toNanos();
        if (!woken) {
          tick.waited(Duration.ofNanos(System.nanoTime() - start), wait);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return read.get();
    }
  }

  /** Called between reads while still waiting. */
  @FunctionalInterface
  public interface Tick {
    void waited(Duration sofar, Duration total);

    Tick NONE = (sofar, total) -> {};
  }
}
