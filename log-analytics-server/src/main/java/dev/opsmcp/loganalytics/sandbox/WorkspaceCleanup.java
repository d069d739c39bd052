package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.job.BackgroundJob;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes log data files and run directories older than the log retention from this server's
 * workspaces, hourly. The workspaces are on this machine's disk, so every replica cleans its own
 * (no claim).
 */
public final class WorkspaceCleanup implements BackgroundJob {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCleanup.class);

  private final Workspaces workspaces;
  private final Clock clock;
  private final Duration retention;

  public WorkspaceCleanup(Workspaces workspaces, Clock clock, Duration retention) {
    this.workspaces = workspaces;
    this.clock = clock;
    this.retention = retention;
  }

  @Override
  public String name() {
    return "workspace-cleanup";
  }

  @Override
  public Duration period() {
    return Duration.ofHours(1);
  }

  @Override
  public void run() {
    Workspaces.Cleanup c = workspaces.deleteOlderThan(clock.instant().minus(retention));
    if (c.removed() > 0) {
      LOG.info("retention: deleted {} old log data files and run directories", c.removed());
    }
    if (!c.failed().isEmpty()) {
      LOG.warn(
          "retention: {} old workspace entries could not be deleted (kept, retried next hour): {}",
          c.failed().size(),
          c.failed().subList(0, Math.min(10, c.failed().size())));
    }
  }
}
