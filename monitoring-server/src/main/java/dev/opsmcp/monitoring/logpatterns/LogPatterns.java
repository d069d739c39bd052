package dev.opsmcp.monitoring.logpatterns;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.telemetry.LogQuery;
import dev.opsmcp.common.telemetry.LogStore;
import dev.opsmcp.common.tool.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mines templates at query time from the log records ({@link LogStore}): the window and the
 * baseline window of equal length before it, one {@link Drain} per service, newest lines first up
 * to {@link #MAX_LINES} per period.
 */
final class LogPatterns {
  static final int MAX_LINES = 100_000;
  private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

  record Mined(
      List<LogTemplate> templates,
      long lines,
      long baselineLines,
      boolean capped,
      long unclustered) {}

  private final LogStore logs;

  LogPatterns(Database db) {
    this.logs = new LogStore(db);
  }

  Mined mine(String tenant, List<String> services, int minSeverity, TimeWindow window) {
    Instant baselineStart = window.start().minus(window.length());
    Map<String, Drain> miners = new TreeMap<>();
    long[] lines = {
      read(tenant, services, minSeverity, window.start(), window.end(), true, miners),
      read(tenant, services, minSeverity, baselineStart, window.start(), false, miners)
    };
    List<LogTemplate> out = new ArrayList<>();
    long unclustered = 0;
    for (var e : miners.entrySet()) {
      unclustered += e.getValue().unclustered();
      for (LogCluster c : e.getValue().clusters()) {
        out.add(
            new LogTemplate(
                e.getKey(),
                c.template(),
                level(c.maxSeverity),
                Change.of(c.count, c.baselineCount).name().toLowerCase(Locale.ROOT),
                c.count,
                c.baselineCount,
                c.firstSeen,
                c.lastSeen,
                c.example));
      }
    }
    out.sort(ORDER);
    return new Mined(
        out, lines[0], lines[1], lines[0] >= MAX_LINES || lines[1] >= MAX_LINES, unclustered);
  }

  /** New first, then spiking, gone, dropping, steady; errors before the rest; then by score. */
  static final Comparator<LogTemplate> ORDER =
      Comparator.comparing((LogTemplate t) -> change(t).ordinal())
          .thenComparing(t -> -severityRank(t.level()))
          .thenComparing(t -> -Change.score(change(t), t.count(), t.baselineCount()))
          .thenComparing(LogTemplate::service)
          .thenComparing(LogTemplate::template);

  private static Change change(LogTemplate t) {
    return Change.valueOf(t.change().toUpperCase(Locale.ROOT));
  }

  private static int severityRank(String level) {
    return level.equals("ERROR") || level.equals("FATAL") ? 1 : 0;
  }

  static String level(int severity) {
    return severity < 1 || severity > 24 ? "UNSPECIFIED" : LEVELS[(severity - 1) / 4];
  }

  private long read(
      String tenant,
      List<String> services,
      int minSeverity,
      Instant from,
      Instant to,
      boolean inWindow,
      Map<String, Drain> miners) {
    return logs.streamNewestFirst(
        new LogQuery(tenant, from, to, services, minSeverity, null),
        MAX_LINES,
        r ->
            miners
                .computeIfAbsent(r.service(), k -> new Drain())
                .add(r.body(), r.ts(), r.severityNumber(), inWindow));
  }
}
