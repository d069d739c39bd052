package dev.opsmcp.monitoring.systemmetrics;

import java.time.Instant;
import java.util.List;

/**
 * One series over the window: its statistics, whether it departed from its own baseline (robust z,
 * onset), and its values downsampled to at most a few dozen points.
 */
record SeriesSummary(
    String metric,
    String kind,
    Double last,
    Double min,
    Double max,
    Double mean,
    Double p95,
    String trend,
    Double baseline,
    boolean departed,
    boolean chronic,
    Instant onset,
    Double z,
    List<Double> points) {}
