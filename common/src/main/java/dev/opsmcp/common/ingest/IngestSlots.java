package dev.opsmcp.common.ingest;

import dev.opsmcp.common.config.Env;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The slots that bound how many ingest bodies a server parses and stores at once ({@code
 * OPSMCP_INGEST_CONCURRENCY}, default 2): each may hold its whole batch in memory, so a burst of
 * large bodies queues up to {@link #WAIT} instead of exhausting the heap, then gets 503 (retry).
 * Thread-safe; fair.
 */
public final class IngestSlots {
  public static final Duration WAIT = Duration.ofSeconds(30);
  public static final String RETRY_AFTER_SECONDS = "5";

  /** Held while one body is parsed and stored; released by {@link #close()}. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  private final Semaphore slots;
  private final Duration wait;

  public IngestSlots(int concurrency) {
    this(concurrency, WAIT);
  }

  public IngestSlots(int concurrency, Duration wait) {
    this.slots = new Semaphore(concurrency, true);
    this.wait = wait;
  }

  /** {@code OPSMCP_INGEST_CONCURRENCY} (1–256, default 2). */
  public static int concurrency(Env env) {
    return env.integer("OPSMCP_INGEST_CONCURRENCY", 2, 1, 256);
  }

  /** Waits up to the wait for a slot; 503 when none frees up or the server is shutting down. */
  public Slot acquire() throws IngestRefused {
    try {
      if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IngestRefused(
            503,
            "ingest is busy storing other batches; nothing was stored: retry in a few seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestRefused(503, "the server is shutting down; nothing was stored: retry");
    }
    return slots::release;
  }
}
