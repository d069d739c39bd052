package dev.opsmcp.monitoring.rca;

import dev.opsmcp.common.tool.TimeWindow;
import java.time.Duration;
import java.time.Instant;

/**
 * The steps an analysis reads: the baseline [from, start) then the window [start, end), aligned to
 * {@code step}. Series read over [from, end) have {@code baselineSteps} baseline points first, as
 * {@link Departure#detect} expects.
 */
public record AnalysisSpan(Instant from, Instant start, Instant end, Duration step) {
  /** The span of {@code window} at its default step (about 120 steps per window). */
  public static AnalysisSpan of(TimeWindow window) {
    return of(window, step(window.length()));
  }

  /** The span of {@code window} at {@code step}, with the baseline of {@link #baseline}. */
  public static AnalysisSpan of(TimeWindow window, Duration step) {
    Instant end = floor(window.end(), step).plus(step);
    Instant start = floor(window.start(), step);
    Instant from = start.minus(floor(baseline(window.length()), step));
    return new AnalysisSpan(from, start, end, step);
  }

  /** The baseline before a window: four window lengths, at least 1 h, at most 24 h. */
  public static Duration baseline(Duration window) {
    Duration four = window.multipliedBy(4);
    return four.compareTo(Duration.ofHours(1)) < 0
        ? Duration.ofHours(1)
        : four.compareTo(Duration.ofHours(24)) > 0 ? Duration.ofHours(24) : four;
  }

  /** One step per minute, coarser for long windows (at most about 120 steps per window). */
  public static Duration step(Duration window) {
    long minutes = Math.max(1, (window.toMinutes() + 119) / 120);
    return Duration.ofMinutes(minutes);
  }

  public int baselineSteps() {
    return (int) Duration.between(from, start).dividedBy(step);
  }

  public int steps() {
    return (int) Duration.between(from, end).dividedBy(step);
  }

  private static Instant floor(Instant t, Duration step) {
    long ms = step.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
  }

  private static Duration floor(Duration d, Duration step) {
    return step.multipliedBy(Math.max(1, d.dividedBy(step)));
  }
}
