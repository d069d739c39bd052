package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.tool.Param;

/** A service's objectives: availability (0–1, e.g. 0.999) and p99 latency; either may be null. */
public record Slo(
    @Param(value = "Availability objective, 0 to 1 (e.g. 0.999).", optional = true)
        Double availability,
    @Param(value = "p99 latency objective in milliseconds.", optional = true)
        Double latencyP99Ms) {}
