package dev.opsmcp.monitoring.systemmetrics;

import java.time.Instant;
import java.util.List;

/**
 * One service's series, departed ones first (largest |z| first). {@code points} cover [windowStart,
 * windowEnd) in equal buckets of {@code pointsStep}.
 */
record ServiceMetrics(
    String service,
    Instant windowStart,
    Instant windowEnd,
    Instant baselineStart,
    String step,
    String pointsStep,
    List<SeriesSummary> series,
    int totalSeries,
    boolean truncated,
    String next) {}
