package dev.opsmcp.monitoring.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * Quantile estimate from bucket counts by upper bound, interpolating linearly inside the bucket (as
 * Prometheus' {@code histogram_quantile}); the open top bucket answers its lower bound.
 */
final class Quantiles {
  private Quantiles() {}

  static double estimate(TreeMap<Double, Double> buckets, double q) {
    double total = 0;
    for (double c : buckets.values()) {
      total += c;
    }
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double seen = 0;
    double lower = 0;
    for (Map.Entry<Double, Double> b : buckets.entrySet()) {
      double upper = b.getKey();
      double count = b.getValue();
      if (count > 0 && seen + count >= rank) {
        if (upper >= MetricWriter.INF_BOUND) {
          return lower;
        }
        double lo = Math.min(lower, upper);
        return lo + (upper - lo) * ((rank - seen) / count);
      }
      seen += count;
      lower = upper;
    }
    return lower;
  }
}
