package dev.opsmcp.monitoring.systemmetrics;

import java.util.ArrayList;
import java.util.List;

/** A series cut to at most {@code points} buckets, each the mean of its finite values. */
public final class Downsample {
  private Downsample() {}

  /** Bucket means, null for a bucket without data; at most {@code points} of them. */
  public static List<Double> of(double[] values, int points) {
    int buckets = Math.min(points, values.length);
    List<Double> out = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * values.length / buckets);
      int to = (int) ((long) (b + 1) * values.length / buckets);
      double sum = 0;
      int n = 0;
      for (int i = from; i < to; i++) {
        if (Double.isFinite(values[i])) {
          sum += values[i];
          n++;
        }
      }
      out.add(n == 0 ? null : SeriesStats.round(sum / n));
    }
    return out;
  }
}
