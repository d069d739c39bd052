package dev.opsmcp.monitoring.logpatterns;

import java.time.Instant;

/**
 * A mined template of one service: lines in the window ({@code count}) and in the baseline window
 * of equal length before it, and what changed: {@code new}, {@code spiking}, {@code gone}, {@code
 * dropping} or {@code steady}.
 */
record LogTemplate(
    String service,
    String template,
    String level,
    String change,
    long count,
    long baselineCount,
    Instant firstSeen,
    Instant lastSeen,
    String example) {}
