package dev.opsmcp.monitoring.logpatterns;

import java.time.Instant;
import java.util.List;

/** The templates of a window, most anomalous first, with what was read and what was left out. */
record LogPatternsResult(
    Instant windowStart,
    Instant windowEnd,
    Instant baselineStart,
    long lines,
    long baselineLines,
    int templatesTotal,
    List<LogTemplate> templates,
    boolean truncated,
    String next,
    List<String> notes) {}
