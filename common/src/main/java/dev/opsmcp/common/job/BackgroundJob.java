package dev.opsmcp.common.job;

import java.time.Duration;

/**
 * Periodic work a server does in the background. Register it with {@code McpHost.Builder.job}: the
 * host runs it every {@link #period()} (first after {@link #firstDelay()}) once the server is bound
 * (at once when a signal it {@link #wakesOn wakes on} arrives), logs a failed pass and tries again
 * next period, and stops it when the server closes. Work that any replica may do claims its pass
 * from the database ({@link JobClaims}).
 */
public interface BackgroundJob {
  /** A short name for logs and claims, e.g. {@code log-retention}. */
  String name();

  Duration period();

  default Duration firstDelay() {
    return Duration.ofMinutes(1);
  }

  /**
   * Whether {@code signal} (a key given to {@code Signals.signal} anywhere, or {@code
   * Signals.RECONNECTED}) should start a pass at once rather than at the next period: work that a
   * decision on another replica makes due. None by default.
   */
  default boolean wakesOn(String signal) {
    return false;
  }

  /** One pass. Interrupted when the server closes. */
  void run() throws Exception;
}
