package dev.opsmcp.monitoring.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where analysis reads metrics: the built-in store, or (later) a Prometheus-compatible server.
 * Analysis code sees only this interface. Implementations are thread-safe.
 */
public interface MetricSource {
  /** Services of the tenant with data in [from, to), at most {@code limit}, by name. */
  List<String> services(String tenant, Instant from, Instant to, int limit);

  /**
   * The service's series over [from, to) at {@code step}, at most {@code limit}. Histograms come as
   * their p50, p95 and p99 (label {@code quantile}) and their observation rate.
   */
  List<Series> read(
      String tenant, String service, Instant from, Instant to, Duration step, int limit);
}
