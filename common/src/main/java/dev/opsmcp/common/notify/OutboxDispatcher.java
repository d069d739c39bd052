package dev.opsmcp.common.notify;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued notifications: claims due rows with {@code FOR UPDATE SKIP LOCKED} under a lease
 * (so any replica delivers each once), posts them in parallel within {@link DeliveryLimits}, paced
 * per channel ({@link ChannelPacing}) and signed per Standard Webhooks when the channel has a
 * secret, and retries failures with exponential backoff up to {@link #MAX_ATTEMPTS}. One claiming
 * thread and a virtual thread per delivery; {@link #start} it, close to stop.
 */
public final class OutboxDispatcher implements AutoCloseable {
  static final int MAX_ATTEMPTS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

  private final OutboxRows rows;
  private final Duration baseBackoff;
  private final DeliveryLimits limits;
  private final DeliverySlots slots;
  private final WebhookPost post;
  private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore wake = new Semaphore(0);
  private final ChannelPacing pacing = new ChannelPacing();
  private final Thread thread;
  private volatile boolean closed;

  public OutboxDispatcher(Database db, Duration baseBackoff) {
    this(db, baseBackoff, DeliveryLimits.DEFAULT);
  }

  public OutboxDispatcher(Database db, Duration baseBackoff, DeliveryLimits limits) {
    this.rows = new OutboxRows(db);
    this.baseBackoff = baseBackoff;
    this.limits = limits;
    this.slots = new DeliverySlots(limits);
    this.post = new WebhookPost(limits.timeout());
    this.thread = Thread.ofPlatform().daemon().name("opsmcp-outbox").unstarted(this::loop);
  }

  /** Starts delivering (after migrations have created the outbox). */
  public void start() {
    thread.start();
  }

  /** Makes the dispatcher look at the outbox now rather than at its next tick. */
  public void wake() {
    wake.release();
  }

  private void loop() {
    while (!closed) {
      try {
        if (claimAndStart() == 0) {
          wake.tryAcquire(1, TimeUnit.SECONDS);
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.warn("outbox pass failed: {}", e.toString());
          sleepQuietly();
        }
      }
    }
  }

  /**
   * Claims what free slots allow and starts delivering it; returns how many deliveries began. While
   * most slots are busy it waits for a quarter of them to free up (each delivery's end wakes it): a
   * claim is a transaction, and one claim per finished delivery cost more than the deliveries.
   */
  private int claimAndStart() {
    int free = slots.free();
    if (free < Math.max(1, limits.concurrency() / 4)) {
      return 0;
    }
    OutboxRows.Claim claim = rows.claim(Math.min(free, 50), slots.full(), limits.lease());
    int started = 0;
    for (OutboxRows.Due d : claim.rows()) {
      if (!slots.tryTake(d.url())) {
        rows.release(claim, d.id(), OutboxRows.now()); // its destination filled up in this claim
        continue;
      }
      Duration paced = pacing.reserve(d.channel(), d.kind(), System.nanoTime());
      if (!paced.isZero()) { // not an attempt: back in the queue when the channel may take it
        slots.give(d.url());
        rows.release(claim, d.id(), OutboxRows.now().plus(paced));
        continue;
      }
      started++;
      deliveries.execute(() -> deliver(claim, d));
    }
    return started;
  }

  private void deliver(OutboxRows.Claim claim, OutboxRows.Due d) {
    try {
      Map<String, String> signature =
          d.secret() == null
              ? Map.of()
              : WebhookSignature.headers(
                  d.secret(),
                  WebhookSignature.messageId(d.id()),
                  System.currentTimeMillis() / 1000,
                  d.payload());
      String error = post.send(d.url(), d.payload(), signature);
      record(claim, d, error);
    } catch (InterruptedException e) {
      // closing: the row stays leased and is retried when the lease ends
    } catch (RuntimeException e) {
      LOG.warn("notification {} could not be recorded: {}", d.id(), e.toString());
    } finally {
      slots.give(d.url());
      wake();
    }
  }

  private void record(OutboxRows.Claim claim, OutboxRows.Due d, String error) {
    int attempts = d.attempts() + 1;
    boolean held;
    if (error == null) {
      held = rows.finish(claim, d.id(), "sent", attempts, null, null);
    } else {
      boolean giveUp = attempts >= MAX_ATTEMPTS;
      Duration backoff = baseBackoff.multipliedBy(1L << Math.min(attempts - 1, 16));
      LOG.info(
          "notification {} attempt {} failed ({}){}",
          d.id(),
          attempts,
          error,
          giveUp ? "; giving up" : "");
      held =
          rows.finish(
              claim,
              d.id(),
              giveUp ? "failed" : "pending",
              attempts,
              error,
              OutboxRows.now().plus(backoff));
    }
    if (!held) {
      LOG.warn("notification {}: lease lost before its outcome was recorded; left as is", d.id());
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    deliveries.shutdownNow();
    post.close();
  }
}
