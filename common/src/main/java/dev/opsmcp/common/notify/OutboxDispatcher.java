package dev.opsmcp.common.notify;

import dev.opsmcp.common.db.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued notifications: claims due rows with {@code FOR UPDATE SKIP LOCKED} (so any
 * replica delivers each once), posts them, and retries failures with exponential backoff up to
 * {@link #MAX_ATTEMPTS}. One daemon thread per server; {@link #start} it, close to stop.
 */
public final class OutboxDispatcher implements AutoCloseable {
  static final int MAX_ATTEMPTS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final Duration LEASE = Duration.ofMinutes(2);

  private record Due(
      long id,
      String kind,
      String url,
      String payload,
      int attempts,
      String channel,
      String secret) {}

  private final Database db;
  private final Duration baseBackoff;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Semaphore wake = new Semaphore(0);
  private final ChannelPacing pacing = new ChannelPacing();
  private final Thread thread;
  private volatile boolean closed;

  public OutboxDispatcher(Database db, Duration baseBackoff) {
    this.db = db;
    this.baseBackoff = baseBackoff;
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
        List<Due> due = claim();
        due.forEach(this::deliver);
        if (due.isEmpty()) {
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

  /** Takes up to 20 due rows and leases them, so a crash mid-send retries after the lease. */
  private List<Due> claim() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return db.jdbi()
        .inTransaction(
            h -> {
              List<Due> due =
                  h.createQuery(
                          """
                          SELECT id, kind, url, payload, attempts, channel_id, secret
                          FROM notification_outbox
                          WHERE status = 'pending' AND next_attempt_at <= :now
                          ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED
                          """)
                      .bind("now", now)
                      .map(
                          (rs, c) ->
                              new Due(
                                  rs.getLong(1),
                                  rs.getString(2),
                                  rs.getString(3),
                                  rs.getString(4),
                                  rs.getInt(5),
                                  rs.getString(6),
                                  rs.getString(7)))
                      .list();
              for (Due d : due) {
                h.createUpdate(
                        "UPDATE notification_outbox SET next_attempt_at = :lease WHERE id = :id")
                    .bind("lease", now.plus(LEASE))
                    .bind("id", d.id())
                    .execute();
              }
              return due;
            });
  }

  private void deliver(Due d) {
    Duration paced = pacing.reserve(d.channel(), d.kind(), System.nanoTime());
    if (!paced.isZero()) { // not an attempt: back in the queue when the channel may take it
      update(d.id(), "pending", d.attempts(), null, OffsetDateTime.now(ZoneOffset.UTC).plus(paced));
      return;
    }
    String error;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(d.url()))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("User-Agent", "opsmcp-notifier")
              .POST(HttpRequest.BodyPublishers.ofString(d.payload()));
      if (d.secret() != null) {
        WebhookSignature.headers(
                d.secret(),
                WebhookSignature.messageId(d.id()),
                System.currentTimeMillis() / 1000,
                d.payload())
            .forEach(request::header);
      }
      HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 == 2) {
        update(d.id(), "sent", d.attempts() + 1, null, null);
        return;
      }
      error = "HTTP " + r.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      error = e.getClass().getSimpleName();
    }
    int attempts = d.attempts() + 1;
    boolean giveUp = attempts >= MAX_ATTEMPTS;
    Duration backoff = baseBackoff.multipliedBy(1L << Math.min(attempts - 1, 16));
    LOG.info(
        "notification {} attempt {} failed ({}){}",
        d.id(),
        attempts,
        error,
        giveUp ? "; giving up" : "");
    update(
        d.id(),
        giveUp ? "failed" : "pending",
        attempts,
        error,
        OffsetDateTime.now(ZoneOffset.UTC).plus(backoff));
  }

  private void update(long id, String status, int attempts, String error, OffsetDateTime next) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE notification_outbox
                        SET status = :status, attempts = :attempts, last_error = :error,
                            next_attempt_at = :next, sent_at = :sent
                        WHERE id = :id
                        """)
                    .bind("status", status)
                    .bind("attempts", attempts)
                    .bind("error", error)
                    .bind("next", next == null ? now : next)
                    .bind("sent", "sent".equals(status) ? now : null)
                    .bind("id", id)
                    .execute());
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
  }
}
