package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.AuditLog;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed authentications by source address, so that unauthenticated traffic costs a bounded amount.
 * Each failure takes a token from its address's bucket ({@code perMinute}, bursts up to as many);
 * an address with none left is answered 429 before any credential lookup. In the audit table the
 * first failure of an address in a minute is a row of its own (at most {@value
 * #ITEMISED_PER_MINUTE} such rows a minute in all); every other failure is counted into one summary
 * row a minute. At most {@value #MAX_ADDRESSES} addresses are tracked; past that, new ones share
 * one bucket. Thread-safe; close it to write the last summary.
 */
final class AuthFailures implements AutoCloseable {
  static final int MAX_ADDRESSES = 10_000;
  static final int ITEMISED_PER_MINUTE = 60;
  private static final long MINUTE = 60_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(AuthFailures.class);

  private static final class Tracker {
    double tokens;
    long updatedAt;
    long itemisedAt;
    boolean itemised;

    Tracker(double tokens, long now) {
      this.tokens = tokens;
      this.updatedAt = now;
    }
  }

  private final AuditLog audit;
  private final double capacity;
  private final double perNano;
  private final ConcurrentHashMap<String, Tracker> addresses = new ConcurrentHashMap<>();
  private final Tracker overflow;
  private final Map<String, Long> summaryByAddress = new HashMap<>();
  private final Map<String, Long> summaryByReason = new TreeMap<>();
  private long summaryCount;
  private Instant summarySince;
  private double itemisedBudget = ITEMISED_PER_MINUTE;
  private long itemisedBudgetAt;
  private final Thread flusher;
  private volatile boolean closed;

  AuthFailures(AuditLog audit, int perMinute) {
    this.audit = audit;
    this.capacity = perMinute;
    this.perNano = perMinute / (double) MINUTE;
    long now = System.nanoTime();
    this.overflow = new Tracker(perMinute, now);
    this.itemisedBudgetAt = now;
    this.flusher =
        Thread.ofPlatform().daemon().name("opsmcp-auth-failures").unstarted(this::flushEveryMinute);
  }

  void start() {
    flusher.start();
  }

  /** 0 while {@code address} may still fail; else the seconds until it may try again. */
  long retryAfter(String address, long now) {
    Tracker t = addresses.get(address);
    if (t == null) {
      return 0;
    }
    synchronized (t) {
      refill(t, now);
      return t.tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - t.tokens) / perNano / 1e9));
    }
  }

  /** Counts a request refused with 429 because its address failed too often. */
  void limited(String address) {
    summarise(address, "address_limited");
  }

  /** Counts a failed authentication, and audits it as a row or in the minute's summary. */
  void failed(String address, String reason, String target, String message, long now) {
    Tracker t = tracker(address, now);
    boolean itemise;
    synchronized (t) {
      refill(t, now);
      t.tokens = Math.max(0, t.tokens - 1);
      itemise = (!t.itemised || now - t.itemisedAt >= MINUTE) && takeItemisedBudget(now);
      if (itemise) {
        t.itemised = true;
        t.itemisedAt = now;
      }
    }
    if (!itemise) {
      summarise(address, reason);
      return;
    }
    audit.record(
        new AuditLog.Event(null, null, "auth", target, "rejected_" + reason, message, address));
  }

  private Tracker tracker(String address, long now) {
    Tracker t = addresses.get(address);
    if (t != null) {
      return t;
    }
    if (addresses.size() >= MAX_ADDRESSES) {
      addresses.values().removeIf(old -> idle(old, now));
      if (addresses.size() >= MAX_ADDRESSES) {
        return overflow;
      }
    }
    return addresses.computeIfAbsent(address, a -> new Tracker(capacity, now));
  }

  private boolean idle(Tracker t, long now) {
    synchronized (t) {
      return now - t.updatedAt >= MINUTE && (!t.itemised || now - t.itemisedAt >= MINUTE);
    }
  }

  private void refill(Tracker t, long now) {
    t.tokens = Math.min(capacity, t.tokens + (now - t.updatedAt) * perNano);
    t.updatedAt = now;
  }

  private synchronized boolean takeItemisedBudget(long now) {
    itemisedBudget =
        Math.min(
            ITEMISED_PER_MINUTE,
            itemisedBudget + (now - itemisedBudgetAt) * (ITEMISED_PER_MINUTE / (double) MINUTE));
    itemisedBudgetAt = now;
    if (itemisedBudget < 1) {
      return false;
    }
    itemisedBudget -= 1;
    return true;
  }

  private synchronized void summarise(String address, String reason) {
    if (summaryCount == 0) {
      summarySince = Instant.now();
    }
    summaryCount++;
    summaryByReason.merge(reason, 1L, Long::sum);
    if (summaryByAddress.containsKey(address) || summaryByAddress.size() < MAX_ADDRESSES) {
      summaryByAddress.merge(address, 1L, Long::sum);
    } else {
      summaryByAddress.merge("others", 1L, Long::sum);
    }
  }

  /** Writes the summary of what was not itemised since the last one, if anything. */
  void flush() {
    String detail;
    synchronized (this) {
      if (summaryCount == 0) {
        return;
      }
      String reasons =
          summaryByReason.entrySet().stream()
              .map(e -> e.getKey() + ": " + e.getValue())
              .collect(Collectors.joining(", "));
      String top =
          summaryByAddress.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(10)
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "));
      detail =
          summaryCount
              + " rejected requests not itemised since "
              + summarySince
              + " ("
              + reasons
              + ") from "
              + summaryByAddress.size()
              + " addresses; most: "
              + top;
      summaryCount = 0;
      summaryByReason.clear();
      summaryByAddress.clear();
    }
    audit.record(new AuditLog.Event(null, null, "auth", null, "rejected_summary", detail, null));
  }

  private void flushEveryMinute() {
    while (!closed) {
      try {
        Thread.sleep(MINUTE / 1_000_000);
        flush();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("writing the auth-failure summary failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    flusher.interrupt();
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("writing the last auth-failure summary failed: {}", e.toString());
    }
  }
}
