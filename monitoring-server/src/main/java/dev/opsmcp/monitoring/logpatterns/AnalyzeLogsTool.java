package dev.opsmcp.monitoring.logpatterns;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.IncidentScope;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.monitoring.catalog.Catalog;
import dev.opsmcp.monitoring.rca.AnalysisScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Log templates of a window against the window before it: what is new, spiking or gone. */
public final class AnalyzeLogsTool implements Tool<AnalyzeLogsTool.Input> {
  public record Input(
      @Param(
              value = "Only this service (default: the incident's services, or all).",
              optional = true)
          String service,
      @Param(
              value = "How far back, like 30m, 2h, 1d (default 30m, or the incident's span).",
              optional = true)
          String window,
      @Param(value = "Window start, RFC 3339 (instead of window).", optional = true) String start,
      @Param(value = "Window end, RFC 3339 (default now).", optional = true) String end,
      @Param(value = "Minimum level: TRACE, DEBUG, INFO, WARN, ERROR or FATAL.", optional = true)
          String level,
      @Param(
              value =
                  "Incident id or reference (17 or INC-42): its services, and its span (from 30m"
                      + " before it started to resolved or now) unless a window is given.",
              optional = true)
          String incidentId,
      @Param(value = "Templates per answer, default 20, max 40.", optional = true) Integer limit) {}

  static final Limit LIMIT = new Limit(20, 40);
  static final int MAX_TEXT = 240;
  private static final List<String> LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

  private final LogPatterns patterns;
  private final AnalysisScope scopes;

  public AnalyzeLogsTool(Database db, AnalysisScope scopes) {
    this.patterns = new LogPatterns(db);
    this.scopes = scopes;
  }

  @Override
  public String name() {
    return "analyze_logs";
  }

  @Override
  public String description() {
    return "Log templates (Drain: ids, numbers, IPs, paths, durations masked) of a window,"
        + " compared with the window of equal length before it: each with count, baseline count,"
        + " change (new, spiking, gone, dropping, steady), first and last seen, an example. New"
        + " and spiking errors first.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MONITORING_READ);
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public LogPatternsResult call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    IncidentScope scope = scopes.of(tenant, in.incidentId(), in.window(), in.start(), in.end());
    List<String> services =
        in.service() != null ? List.of(Catalog.serviceName(in.service())) : scope.services();
    int limit = LIMIT.resolve(in.limit());
    LogPatterns.Mined mined =
        patterns.mine(tenant, services, minSeverity(in.level()), scope.window());
    List<LogTemplate> all = mined.templates();
    boolean truncated = all.size() > limit;
    List<String> notes = new ArrayList<>();
    if (mined.capped()) {
      notes.add(
          "Over "
              + LogPatterns.MAX_LINES
              + " lines in a period: only the newest were mined, so counts are lower bounds;"
              + " narrow with service, level or a shorter window.");
    }
    if (mined.unclustered() > 0) {
      notes.add(mined.unclustered() + " lines fell outside the template cap and are not counted.");
    }
    if (mined.lines() + mined.baselineLines() == 0) {
      notes.add(
          "No log lines in the window or its baseline"
              + (services.isEmpty() ? "" : " for " + String.join(", ", services))
              + ": logs are sent to the log-analytics server (/v1/logs or /api/v1/logs).");
    }
    return new LogPatternsResult(
        scope.window().start(),
        scope.window().end(),
        scope.window().start().minus(scope.window().length()),
        mined.lines(),
        mined.baselineLines(),
        all.size(),
        (truncated ? all.subList(0, limit) : all).stream().map(AnalyzeLogsTool::shorten).toList(),
        truncated,
        truncated
            ? "showing the "
                + limit
                + " most anomalous of "
                + all.size()
                + "; raise limit (max 40), or narrow with service, level or window"
            : null,
        notes);
  }

  private static LogTemplate shorten(LogTemplate t) {
    return new LogTemplate(
        t.service(),
        cut(t.template()),
        t.level(),
        t.change(),
        t.count(),
        t.baselineCount(),
        t.firstSeen(),
        t.lastSeen(),
        cut(t.example()));
  }

  private static String cut(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
  }

  private static int minSeverity(String level) throws ToolFailure {
    if (level == null || level.isBlank()) {
      return 0;
    }
    int i = LEVELS.indexOf(level.strip().toUpperCase(Locale.ROOT));
    if (i < 0) {
      throw new ToolFailure(
          "level " + Echo.of(level) + " is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    }
    return i * 4 + 1;
  }
}
