package dev.opsmcp.common.job;

import dev.opsmcp.common.signal.Signals;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one server's background jobs, each on its own daemon thread so a long pass of one never
 * delays another: {@link #start} schedules each at its period and starts a pass at once when a
 * signal it {@linkplain BackgroundJob#wakesOn wakes on} arrives; {@link #close} stops them
 * (interrupting a pass under way and waiting up to {@link #STOP_WAIT} for it to end, so no job
 * writes after its server closed). A job never runs two passes at once; a wake-up during a pass
 * runs another right after it. A failed pass is logged and the job runs again next period. A job
 * that runs {@linkplain BackgroundJob#oncePerCluster once per cluster} claims each periodic pass
 * first and skips it when another replica holds the claim. Thread-safe.
 */
public final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(5);

  private final List<Scheduled> jobs;
  private final Signals signals;
  private final ScheduledExecutorService timer;
  private volatile AutoCloseable listening;
  private volatile boolean closed;

  /** {@code signals}: where wake-ups come from (null: periods only). */
  public JobRunner(String server, List<BackgroundJob> jobs, Signals signals) {
    this.jobs = jobs.stream().map(Scheduled::new).toList();
    this.signals = signals;
    this.timer =
        Executors.newScheduledThreadPool(
            Math.max(1, jobs.size()),
            r -> {
              Thread t = new Thread(r, server + "-jobs");
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    for (Scheduled s : jobs) {
      timer.scheduleWithFixedDelay(
          s::periodic,
          s.job.firstDelay().toMillis(),
          s.job.period().toMillis(),
          TimeUnit.MILLISECONDS);
    }
    if (signals != null) {
      listening =
          signals.listen(
              key -> {
                for (Scheduled s : jobs) {
                  if (s.job.wakesOn(key)) {
                    s.wake();
                  }
                }
              });
    }
  }

  /**
   * One job: its periodic passes on the timer, wake-up passes on a virtual thread (at most one
   * waiting), one pass at a time.
   */
  private final class Scheduled {
    final BackgroundJob job;
    final ReentrantLock running = new ReentrantLock();
    final AtomicBoolean woken = new AtomicBoolean();
    volatile Thread current;

    Scheduled(BackgroundJob job) {
      this.job = job;
    }

    void wake() {
      if (!closed && !woken.getAndSet(true)) {
        Thread.ofVirtual().name(job.name() + "-wake").start(this::pass);
      }
    }

    /** A pass the timer starts: claimed first by a job that runs once per cluster. */
    void periodic() {
      pass(true);
    }

    void pass() {
      pass(false);
    }

    private void pass(boolean claimFirst) {
      running.lock();
      try {
        if (closed || (claimFirst && !mayRunThisPeriod(job))) {
          return;
        }
        woken.set(false); // a wake-up from here on runs another pass
        current = Thread.currentThread();
        runSafely(job);
      } finally {
        current = null;
        running.unlock();
      }
    }

    void interrupt() {
      Thread t = current;
      if (t != null) {
        t.interrupt();
      }
    }
  }

  /** Whether this replica may run this period's pass of {@code job}; true unless it is claimed. */
  private static boolean mayRunThisPeriod(BackgroundJob job) {
    var claims = job.oncePerCluster();
    if (claims.isEmpty()) {
      return true;
    }
    try {
      return claims.get().claim(job.name(), job.period().multipliedBy(9).dividedBy(10));
    } catch (RuntimeException e) {
      LOG.warn(
          "{} could not claim its pass (tries again in {}): {}",
          job.name(),
          job.period(),
          e.toString());
      return false;
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
    closed = true;
    AutoCloseable l = listening;
    if (l != null) {
      try {
        l.close();
      } catch (Exception e) {
        LOG.debug("closing the job runner's signal listener", e);
      }
    }
    timer.shutdownNow();
    jobs.forEach(Scheduled::interrupt);
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    try {
      for (Scheduled s : jobs) {
        // closed is set: a pass that takes the lock from here on returns at once.
        if (s.running.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          s.running.unlock();
        } else {
          LOG.warn("{} did not stop within {} of close", s.job.name(), STOP_WAIT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
