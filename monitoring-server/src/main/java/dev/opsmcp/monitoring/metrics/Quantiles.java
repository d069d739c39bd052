package dev.opsmcp.monitoring.metrics;

/**
 * Quantile estimate from bucket counts by upper bound, interpolating linearly inside the bucket (as
 * Prometheus' {@code histogram_quantile}); the open top bucket answers its lower bound.
 */
final class Quantiles {
  private Quantiles() {}

  /**
   * The estimate over the buckets {@code k} of {@code bounds} (ascending, distinct) whose {@code
   * present[at + k]} is set, with {@code counts[at + k]} observations each; a bucket's lower bound
   * is the previous present bucket's upper bound (0 for the first). NaN without observations.
   */
  static double estimate(double[] bounds, double[] counts, boolean[] present, int at, double q) {
    double total = 0;
    for (int k = 0; k < bounds.length; k++) {
      if (present[at + k]) {
        total += counts[at + k];
      }
    }
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double seen = 0;
    double lower = 0;
    for (int k = 0; k < bounds.length; k++) {
      if (!present[at + k]) {
        continue;
      }
      double upper = bounds[k];
      double count = counts[at + k];
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
