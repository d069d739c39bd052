package dev.opsmcp.monitoring.rca;

import java.time.Instant;
import java.util.List;

/**
 * What {@code root_cause_analysis} returns: candidates most likely first (empty when nothing
 * departs), a plain summary, the method notes (e.g. dependencies inferred), and the analysed span.
 */
public record RcaResult(
    long rcaId,
    List<Candidate> candidates,
    String summary,
    List<String> notes,
    Instant windowStart,
    Instant windowEnd,
    Instant baselineStart,
    int servicesChecked,
    int seriesChecked,
    boolean truncated) {}
