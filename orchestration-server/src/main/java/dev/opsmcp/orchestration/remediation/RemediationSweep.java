package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.job.BackgroundJob;
import dev.opsmcp.common.signal.Signals;
import java.time.Duration;

/**
 * Picks up runs whose approval was decided or expired: at once on an approval's signal (PostgreSQL
 * NOTIFY reaches every replica) or a reconnection of the signal listener, and as a fallback when no
 * signal crosses (separate processes on the embedded database) once a second. Which replica runs an
 * approved run is settled by the run's claim, not here.
 */
public final class RemediationSweep implements BackgroundJob {
  private final Remediations remediations;

  public RemediationSweep(Remediations remediations) {
    this.remediations = remediations;
  }

  @Override
  public String name() {
    return "remediation-sweep";
  }

  @Override
  public Duration period() {
    return Duration.ofSeconds(1);
  }

  @Override
  public Duration firstDelay() {
    return Duration.ZERO;
  }

  @Override
  public boolean wakesOn(String signal) {
    return signal.startsWith("approval:") || signal.equals(Signals.RECONNECTED);
  }

  @Override
  public void run() {
    remediations.settleDue();
  }
}
