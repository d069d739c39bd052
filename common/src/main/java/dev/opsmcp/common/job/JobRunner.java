package dev.opsmcp.common.job;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one server's background jobs on one daemon thread: {@link #start} schedules each at its
 * period, {@link #close} stops them (interrupting a pass under way and waiting up to {@link
 * #STOP_WAIT} for it to end, so no job writes after its server closed). A failed pass is logged and
 * the job runs again next period. Thread-safe.
 */
public final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(5);

  private final List<BackgroundJob> jobs;
  private final ScheduledExecutorService timer;

  public JobRunner(String server, List<BackgroundJob> jobs) {
    this.jobs = List.copyOf(jobs);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, server + "-jobs");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    for (BackgroundJob job : jobs) {
      timer.scheduleWithFixedDelay(
          () -> runSafely(job),
          job.firstDelay().toMillis(),
          job.period().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private static void runSafely(BackgroundJob job) {
    try {
      job.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("{} failed (runs again in {}): {}", job.name(), job.period(), e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("a background job did not stop within {} of close", STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
