package dev.opsmcp.monitoring.metrics;

import java.util.Arrays;

/**
 * A cumulative point made into the increase over its interval, against the series' previous point.
 * A counter reset (a later start time, or a value or bucket that went down) counts from zero: the
 * increase is the new value itself. The first point of a series only sets the state.
 */
record Increase(double seconds, double value, double[] counts) {
  /** The increase from {@code prev} to {@code s}, or null when there is none to report. */
  static Increase between(SeriesState prev, Sample s) {
    if (prev == null || s.timeNanos() <= prev.time()) {
      return null;
    }
    boolean reset = s.startNanos() != 0 && prev.start() != 0 && s.startNanos() > prev.start();
    double[] counts = null;
    if (s.counts() != null) {
      reset |= prev.counts() == null || !Arrays.equals(prev.bounds(), s.bounds());
      if (!reset) {
        counts = new double[s.counts().length];
        for (int i = 0; i < counts.length && !reset; i++) {
          counts[i] = s.counts()[i] - prev.counts()[i];
          reset = counts[i] < 0;
        }
      }
      if (reset) {
        counts = s.counts().clone();
      }
    }
    double value = s.value() - prev.value();
    if (value < 0) {
      reset = true;
    }
    if (reset) {
      value = s.value();
    }
    long from =
        reset && s.startNanos() > prev.time() && s.startNanos() < s.timeNanos()
            ? s.startNanos()
            : prev.time();
    return new Increase((s.timeNanos() - from) / 1e9, value, counts);
  }
}
