package dev.opsmcp.common.job;

import java.time.Duration;
import java.util.Optional;

/**
 * Periodic work a server does in the background. Register it with {@code McpHost.Builder.job}: the
 * host runs it every {@link #period()} (first after {@link #firstDelay()}) once the server is bound
 * (at once when a signal it {@link #wakesOn wakes on} arrives), logs a failed pass and tries again
 * next period, and stops it when the server closes. Work that must run once per period across
 * replicas declares where it claims its passes ({@link #oncePerCluster}).
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

  /**
   * Where this job claims its periodic passes so that, of all replicas on one database, one runs
   * each period ({@link JobClaims}: a pass claims the job for 9/10 of its period by the database's
   * clock; a replica whose timer fires within a claim skips that pass). A pass woken by a signal is
   * not claimed. Empty by default: every replica runs every pass, as jobs do whose work claims its
   * own rows ({@code FOR UPDATE SKIP LOCKED}) or lies on the replica's own disk.
   */
  default Optional<JobClaims> oncePerCluster() {
    return Optional.empty();
  }

  /** One pass. Interrupted when the server closes. */
  void run() throws Exception;
}
