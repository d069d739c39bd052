package dev.opsmcp.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QuantilesTest {
  /** The estimate as it was computed over a TreeMap of one step's buckets, before flat arrays. */
  static double reference(TreeMap<Double, Double> buckets, double q) {
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

  @Test
  void interpolatesInsideTheBucketAndAnswersTheTopBucketsLowerBound() {
    double[] bounds = {0.1, 0.5, MetricWriter.INF_BOUND};
    boolean[] all = {true, true, true};
    // 10 under 0.1, 10 in (0.1, 0.5]: the median is the top of the first bucket.
    assertThat(Quantiles.estimate(bounds, new double[] {10, 10, 0}, all, 0, 0.5)).isEqualTo(0.1);
    assertThat(Quantiles.estimate(bounds, new double[] {10, 10, 0}, all, 0, 0.75))
        .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Quantiles.estimate(bounds, new double[] {0, 0, 5}, all, 0, 0.99)).isEqualTo(0.5);
    assertThat(Quantiles.estimate(bounds, new double[] {0, 0, 0}, all, 0, 0.5)).isNaN();
  }

  @Test
  void aBoundAbsentFromAStepIsNotItsLowerBound() {
    double[] bounds = {0.1, 0.5, 1.0};
    double[] counts = {0, 0, 0, /* step 1 */ 0, 0, 4};
    boolean[] present = {true, true, true, /* step 1: no 0.5 bucket */ true, false, true};
    // Step 1's buckets are (0, 0.1] and (0.1, 1.0]: the median of 4 in the second is 0.55.
    assertThat(Quantiles.estimate(bounds, counts, present, 3, 0.5))
        .isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void equalsTheTreeMapEstimateOverRandomBuckets() {
    Random random = new Random(42);
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, MetricWriter.INF_BOUND};
    for (int run = 0; run < 20_000; run++) {
      TreeMap<Double, Double> map = new TreeMap<>();
      double[] counts = new double[bounds.length];
      boolean[] present = new boolean[bounds.length];
      for (int k = 0; k < bounds.length; k++) {
        if (random.nextInt(4) > 0) {
          double c =
              random.nextInt(3) == 0 ? 0 : random.nextInt(50) * (random.nextBoolean() ? 1 : 0.25);
          map.put(bounds[k], c);
          counts[k] = c;
          present[k] = true;
        }
      }
      for (double q : new double[] {0.5, 0.95, 0.99, random.nextDouble()}) {
        double want = reference(map, q);
        double got = Quantiles.estimate(bounds, counts, present, 0, q);
        assertThat(Double.doubleToLongBits(got))
            .as("q %s over %s (%s)", q, map, Arrays.toString(counts))
            .isEqualTo(Double.doubleToLongBits(want));
      }
    }
  }
}
