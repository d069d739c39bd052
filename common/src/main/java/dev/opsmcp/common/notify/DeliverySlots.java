package dev.opsmcp.common.notify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts deliveries in flight, in all and per destination, against {@link DeliveryLimits}.
 * Thread-safe.
 */
final class DeliverySlots {
  private final DeliveryLimits limits;
  private final Map<String, Integer> byDestination = new HashMap<>();
  private int inFlight;

  DeliverySlots(DeliveryLimits limits) {
    this.limits = limits;
  }

  synchronized int free() {
    return limits.concurrency() - inFlight;
  }

  /** Destinations at their limit: rows for them are left for later. */
  synchronized List<String> full() {
    return byDestination.entrySet().stream()
        .filter(e -> e.getValue() >= limits.perDestination())
        .map(Map.Entry::getKey)
        .toList();
  }

  synchronized boolean tryTake(String destination) {
    int used = byDestination.getOrDefault(destination, 0);
    if (inFlight >= limits.concurrency() || used >= limits.perDestination()) {
      return false;
    }
    inFlight++;
    byDestination.put(destination, used + 1);
    return true;
  }

  synchronized void give(String destination) {
    inFlight--;
    byDestination.computeIfPresent(destination, (d, used) -> used == 1 ? null : used - 1);
  }
}
