package dev.opsmcp.common.notify;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces deliveries per channel: a Slack incoming webhook takes about one message a second. In
 * process memory: each replica paces its own sends. Thread-safe.
 */
final class ChannelPacing {
  private final ConcurrentHashMap<String, Long> nextAllowed = new ConcurrentHashMap<>();

  static Duration interval(String kind) {
    return Channel.SLACK.equals(kind) ? Duration.ofSeconds(1) : Duration.ZERO;
  }

  /** Zero when a send to {@code channel} may go now (and books it); else how long to wait. */
  Duration reserve(String channel, String kind, long nowNanos) {
    long gap = interval(kind).toNanos();
    if (gap == 0) {
      return Duration.ZERO;
    }
    long[] wait = {0};
    nextAllowed.compute(
        channel,
        (k, next) -> {
          if (next != null && next - nowNanos > 0) {
            wait[0] = next - nowNanos;
            return next;
          }
          return nowNanos + gap;
        });
    return Duration.ofNanos(wait[0]);
  }
}
