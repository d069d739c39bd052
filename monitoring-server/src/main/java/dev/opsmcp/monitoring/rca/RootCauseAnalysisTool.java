package dev.opsmcp.monitoring.rca;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.IncidentScope;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.monitoring.catalog.Catalog;
import dev.opsmcp.monitoring.metrics.MetricSourceUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** Ranks the likely root-cause services of a symptom, with evidence a human can check. */
public final class RootCauseAnalysisTool implements Tool<RootCauseAnalysisTool.Input> {
  public record Input(
      @Param(
              value =
                  "Incident id or reference (17 or INC-42): its services, and its span (from 30m"
                      + " before it started to resolved or now) unless a window is given.",
              optional = true)
          String incidentId,
      @Param(value = "Symptomatic service (omit with incident_id, or for all).", optional = true)
          String service,
      @Param(value = "How far back, like 30m, 2h, 1d (default 30m).", optional = true)
          String window,
      @Param(value = "Window start, RFC 3339 (instead of window).", optional = true) String start,
      @Param(value = "Window end, RFC 3339 (default now).", optional = true) String end) {}

  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);

  private final RootCauseAnalysis analysis;
  private final IncidentStore incidents;
  private final Clock clock;

  public RootCauseAnalysisTool(RootCauseAnalysis analysis, IncidentStore incidents, Clock clock) {
    this.analysis = analysis;
    this.incidents = incidents;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "root_cause_analysis";
  }

  @Override
  public String description() {
    return "Rank the services most likely to cause a problem: per-service anomaly onset (robust"
        + " z-scores vs each service's own baseline), ordered along catalog dependencies, with"
        + " changes shortly before onset. Returns candidates (service, confidence, summary,"
        + " evidence); candidates is empty when nothing departs from baseline.";
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
    return Hints.WRITE; // stores the result
  }

  @Override
  public RcaResult call(ToolContext ctx, Input in) throws ToolFailure {
    ctx.caller().require(Scope.MONITORING_READ);
    String tenant = ctx.caller().tenant();
    IncidentScope scope =
        IncidentScope.of(
            incidents,
            tenant,
            in.incidentId(),
            in.window(),
            in.start(),
            in.end(),
            DEFAULT_WINDOW,
            DEFAULT_WINDOW,
            clock.instant());
    Set<String> symptoms = new LinkedHashSet<>(scope.services());
    TimeWindow window = scope.window();
    if (window.length().compareTo(Duration.ofDays(7)) > 0) {
      throw new ToolFailure("window is over 7 days; ask about a shorter span, like 2h");
    }
    if (in.service() != null) {
      symptoms.add(Catalog.serviceName(in.service()));
    }
    try {
      return analysis.analyse(tenant, symptoms, window, scope.incidentId());
    } catch (MetricSourceUnavailable e) {
      throw e.toFailure();
    }
  }
}
