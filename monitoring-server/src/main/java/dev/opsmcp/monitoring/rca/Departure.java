package dev.opsmcp.monitoring.rca;

import java.util.Arrays;

/**
 * Whether a series departs from its own baseline, by robust z-scores: z = (x − median) / σ with σ =
 * max(1.4826·MAD, 5 % of |median|, {@link #MIN_SIGMA}): the floor keeps a baseline of all zeros (an
 * error count that never fired) from dividing by almost nothing. The onset is the first of {@link
 * #RUN} consecutive points with |z| ≥ {@link #Z}, searched from the last quarter of the baseline on
 * (so a change that began just before the window is dated right). A series whose earlier baseline
 * already shows such a run, or exceeds the threshold at {@link #NOISY} of its points, is chronic:
 * reported, never a departure. Up and down count alike.
 *
 * @param onset index into the concatenated baseline+window values, or -1
 * @param z median z from the onset to the end (signed); ranks as is, shown through {@link #shown}
 *     and {@link #text}, within ±{@link #Z_MAX}
 */
public record Departure(boolean departed, boolean chronic, int onset, double z, double median) {
  static final double Z = 4.0;
  static final int RUN = 3;
  static final double NOISY = 0.05;
  static final int MIN_BASELINE = 10;

  /**
   * The least σ: a count going from a flat 0 to 8 scores z = 8,000, not 8·10⁹. Metrics whose
   * baseline median is not near 0 are floored by 5 % of it first.
   */
  static final double MIN_SIGMA = 1e-3;

  /** Beyond this a z says only "far off its baseline": results show it as {@code >1000}. */
  public static final double Z_MAX = 1_000;

  static final Departure NONE = new Departure(false, false, -1, 0, Double.NaN);

  /** {@code values}: baseline points [0, baselineLength), then the window's. NaN = no data. */
  public static Departure detect(double[] values, int baselineLength) {
    double[] base = finite(Arrays.copyOfRange(values, 0, baselineLength));
    if (base.length < MIN_BASELINE) {
      return NONE;
    }
    double median = median(base);
    double[] dev = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      dev[i] = Math.abs(base[i] - median);
    }
    double sigma = Math.max(1.4826 * median(dev), Math.max(0.05 * Math.abs(median), MIN_SIGMA));
    int early = baselineLength * 3 / 4;
    int exceed = 0;
    int seen = 0;
    for (int i = 0; i < early; i++) {
      if (Double.isFinite(values[i])) {
        seen++;
        exceed += Math.abs(values[i] - median) / sigma >= Z ? 1 : 0;
      }
    }
    boolean chronic =
        firstRun(values, 0, early, median, sigma) >= 0 || (seen > 0 && exceed >= NOISY * seen);
    int onset = firstRun(values, early, values.length, median, sigma);
    if (onset < 0) {
      return new Departure(false, chronic, -1, 0, median);
    }
    double[] after = finite(Arrays.copyOfRange(values, onset, values.length));
    double[] z = new double[after.length];
    for (int i = 0; i < after.length; i++) {
      z[i] = (after[i] - median) / sigma;
    }
    double zMedian = median(z);
    boolean departed = !chronic && Math.abs(zMedian) >= Z / 2;
    return new Departure(departed, chronic, onset, zMedian, median);
  }

  /** {@code z} for a result: to one decimal, within ±{@link #Z_MAX}. */
  public static double shown(double z) {
    return Math.round(Math.max(-Z_MAX, Math.min(Z_MAX, z)) * 10) / 10.0;
  }

  /** {@code z} as text: {@code 12.3}, or {@code >1000} / {@code <-1000} beyond {@link #Z_MAX}. */
  public static String text(double z) {
    if (z > Z_MAX) {
      return ">" + (long) Z_MAX;
    }
    if (z < -Z_MAX) {
      return "<-" + (long) Z_MAX;
    }
    return String.format(java.util.Locale.ROOT, "%.1f", z);
  }

  private static int firstRun(double[] v, int from, int to, double median, double sigma) {
    int run = 0;
    int start = -1;
    for (int i = from; i < to; i++) {
      if (!Double.isFinite(v[i])) {
        continue;
      }
      if (Math.abs(v[i] - median) / sigma >= Z) {
        if (run++ == 0) {
          start = i;
        }
        if (run >= RUN) {
          return start;
        }
      } else {
        run = 0;
      }
    }
    return -1;
  }

  static double[] finite(double[] v) {
    return Arrays.stream(v).filter(Double::isFinite).toArray();
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
