package dev.opsmcp.monitoring.catalog;

/** A service's objectives: availability (0–1, e.g. 0.999) and p99 latency; either may be null. */
public record Slo(Double availability, Double latencyP99Ms) {}
