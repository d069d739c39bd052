package dev.opsmcp.common.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per credential: {@code perMinute} requests a minute, bursts up to the same number.
 * Thread-safe.
 */
final class RateLimiter {
  private static final class Bucket {
    double tokens;
    long updatedAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedAt = now;
    }
  }

  private final double capacity;
  private final double perNano;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(int perMinute) {
    this.capacity = perMinute;
    this.perNano = perMinute / 60e9;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait before the next token. */
  long acquire(String key, long now) {
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * perNano);
      bucket.updatedAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
    }
  }
}
