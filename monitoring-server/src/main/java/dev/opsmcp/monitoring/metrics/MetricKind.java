package dev.opsmcp.monitoring.metrics;

/** How a series' stored values read: what the OTLP data point turned into. */
public enum MetricKind {
  /** A gauge, or a non-monotonic sum: the value as sent. */
  GAUGE,
  /** A cumulative monotonic sum, stored as its increase per second over each interval. */
  RATE,
  /** A delta sum: the increase of each interval, as sent. */
  DELTA,
  /** A histogram: observations per second; bucket counts per interval beside it. */
  HISTOGRAM
}
