package dev.opsmcp.monitoring.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * One series read at a fixed step from {@code from}: {@code values[i]} is the mean over [from +
 * i·step, from + (i+1)·step), NaN where there was no data. {@code labels} is canonical JSON.
 */
public record Series(
    String service,
    String name,
    String labels,
    String kind,
    Instant from,
    Duration step,
    double[] values) {
  public Instant at(int index) {
    return from.plus(step.multipliedBy(index));
  }
}
