package dev.opsmcp.monitoring.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * One series read at a fixed step from {@code from}: {@code values[i]} is the mean over [from +
 * i·step, from + (i+1)·step), NaN where there was no data. {@code labels} is canonical JSON; {@code
 * unit} as the sender declared it (UCUM, like {@code s} or {@code ms}), empty when unknown.
 */
public record Series(
    String service,
    String name,
    String labels,
    String kind,
    String unit,
    Instant from,
    Duration step,
    double[] values) {
  public Instant at(int index) {
    return from.plus(step.multipliedBy(index));
  }
}
