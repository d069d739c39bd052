package dev.opsmcp.monitoring.rca;

import java.time.Instant;
import java.util.List;

/**
 * One line a human can check: a metric departure (metric, labels, onset, z), a change before the
 * onset, log errors, or the dependency path from the candidate to the symptom.
 */
public record Evidence(
    String kind,
    String detail,
    String metric,
    String labels,
    Instant at,
    Double z,
    List<String> path) {}
