package dev.opsmcp.common.signal;

import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Blocks a call (on its virtual thread) until a row reaches a final state or the wait ends. Woken
 * by a signal, never by polling; between signals it re-reads the row once per progress interval,
 * which also bounds the delay if a signal were lost while a LISTEN connection reconnects. A wait
 * whose credential is revoked or expires ends at once with an auth error.
 */
public final class Waiting {
  /** Reads the current state; may fail with a caller-fixable error. */
  @FunctionalInterface
  public interface Read<T> {
    T get() throws ToolFailure;
  }

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
    long start = System.nanoTime();
    long deadline = start + wait.toNanos();
    try (Waiter waiter = signals.watch(key);
        Grant.Subscription ended = grant.onEnd(waiter::wake)) {
      while (true) {
        grant.check();
        T state = read.get();
        long remaining = deadline - System.nanoTime();
        if (done.test(state) || remaining <= 0) {
          return state;
        }
        boolean woken =
            waiter.await(Duration.ofNanos(Math.min(remaining, progressInterval.toNanos())));
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
