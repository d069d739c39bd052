package dev.opsmcp.monitoring.logpatterns;

import java.time.Instant;

/**
 * One mined template and what fell into it: lines in the window and in the baseline before it,
 * first and last time seen, the highest severity, and as an example the first window line mined
 * (the newest, as lines are read newest first), or the first baseline line when none is in the
 * window. Not thread-safe: one miner owns it.
 */
final class LogCluster {
  static final String WILDCARD = "<*>";

  final String[] tokens;
  long count;
  long baselineCount;
  Instant firstSeen;
  Instant lastSeen;
  int maxSeverity;
  String example;
  private boolean exampleFromWindow;

  LogCluster(String[] tokens) {
    this.tokens = tokens;
  }

  void add(String message, Instant ts, int severity, boolean inWindow) {
    if (inWindow) {
      count++;
    } else {
      baselineCount++;
    }
    if (firstSeen == null || ts.isBefore(firstSeen)) {
      firstSeen = ts;
    }
    if (lastSeen == null || ts.isAfter(lastSeen)) {
      lastSeen = ts;
    }
    maxSeverity = Math.max(maxSeverity, severity);
    if (example == null || (inWindow && !exampleFromWindow)) {
      example = message;
      exampleFromWindow = inWindow;
    }
  }

  /** Positions where {@code line} differs from the template become wildcards. */
  void merge(String[] line) {
    for (int i = 0; i < tokens.length; i++) {
      if (!tokens[i].equals(line[i])) {
        tokens[i] = WILDCARD;
      }
    }
  }

  String template() {
    return String.join(" ", tokens);
  }
}
