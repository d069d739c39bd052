package dev.opsmcp.monitoring.systemmetrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * What a series did over the window: last, min, max, mean, p95 of its points and its trend (the
 * least-squares change over the window against its mean: under 10 % is flat). Values are rounded to
 * four significant digits; null when the window has no point.
 */
public record SeriesStats(
    Double last, Double min, Double max, Double mean, Double p95, String trend) {
  static final double FLAT = 0.10;

  public static SeriesStats of(double[] window) {
    double[] x = new double[window.length];
    double[] y = new double[window.length];
    int n = 0;
    for (int i = 0; i < window.length; i++) {
      if (Double.isFinite(window[i])) {
        x[n] = i;
        y[n++] = window[i];
      }
    }
    if (n == 0) {
      return new SeriesStats(null, null, null, null, null, "no data");
    }
    double[] v = Arrays.copyOf(y, n);
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(v).average().orElseThrow();
    double p95 = sorted[(int) Math.ceil(0.95 * n) - 1];
    return new SeriesStats(
        round(v[n - 1]),
        round(sorted[0]),
        round(sorted[n - 1]),
        round(mean),
        round(p95),
        trend(Arrays.copyOf(x, n), v, mean));
  }

  private static String trend(double[] x, double[] y, double mean) {
    int n = y.length;
    if (n < 3) {
      return "flat";
    }
    double mx = Arrays.stream(x).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - mean);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double change = sxx == 0 ? 0 : sxy / sxx * (x[n - 1] - x[0]);
    double scale = Math.max(Math.abs(mean), 1e-9);
    if (Math.abs(change) < FLAT * scale) {
      return "flat";
    }
    return change > 0 ? "rising" : "falling";
  }

  public static Double round(double v) {
    if (!Double.isFinite(v)) {
      return null;
    }
    return v == 0 ? 0.0 : new BigDecimal(v).round(new MathContext(4)).doubleValue();
  }
}
