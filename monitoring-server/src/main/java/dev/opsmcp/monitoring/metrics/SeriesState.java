package dev.opsmcp.monitoring.metrics;

/** The previous point of a cumulative series, kept to turn the next one into an increase. */
record SeriesState(long start, long time, double value, double[] bounds, double[] counts) {}
