package dev.opsmcp.monitoring.health;

import java.util.List;

/**
 * A service's health now: {@code down} (its health URL refuses, times out or answers 5xx), {@code
 * degraded} (other HTTP errors, or its metrics or error logs departed from their baseline in the
 * last minutes), {@code healthy}, or {@code unknown} (no health URL and no telemetry).
 */
record ServiceHealth(String service, String status, List<String> reasons, ProbeResult probe) {}
