package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.signal.Signals;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up runs whose approval was decided: woken by the approval's signal (PostgreSQL NOTIFY
 * reaches every replica) and, as a fallback when no signal crosses (separate processes on the
 * embedded database), once a second. Start after migrations; close to stop.
 */
public final class RemediationWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemediationWorker.class);

  private final Remediations remediations;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private final AutoCloseable listening;
  private volatile boolean closed;

  public RemediationWorker(Remediations remediations, Signals signals) {
    this.remediations = remediations;
    this.listening =
        signals.listen(
            key -> {
              if (key.startsWith("approval:")) {
                wake.release();
              }
            });
    this.thread = Thread.ofVirtual().name("opsmcp-remediation").unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    while (!closed) {
      try {
        remediations.settleDue();
        wake.tryAcquire(1, TimeUnit.SECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.warn("remediation sweep failed: {}", e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      listening.close();
    } catch (Exception e) {
      LOG.debug("closing listener", e);
    }
  }
}
