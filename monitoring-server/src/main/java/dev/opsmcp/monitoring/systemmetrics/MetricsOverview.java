package dev.opsmcp.monitoring.systemmetrics;

import java.time.Instant;
import java.util.List;

/** Every service's state right now, most abnormal first. */
record MetricsOverview(
    Instant windowStart,
    Instant windowEnd,
    Instant baselineStart,
    List<ServiceStatus> services,
    int totalServices,
    boolean truncated,
    String next) {}
