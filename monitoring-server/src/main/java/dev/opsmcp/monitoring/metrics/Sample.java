package dev.opsmcp.monitoring.metrics;

/**
 * One OTLP data point on its way to the store. {@code cumulative} points are turned into increases
 * against the series' previous point; histograms carry bucket upper bounds (the last one infinite)
 * and counts.
 */
record Sample(
    SeriesKey key,
    long startNanos,
    long timeNanos,
    double value,
    boolean cumulative,
    double[] bounds,
    double[] counts) {}
