package dev.opsmcp.monitoring.rca;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.IncidentScope;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.monitoring.catalog.Catalog;
import dev.opsmcp.monitoring.metrics.MetricSourceUnavailable;
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

  static final int MAX_TIMELINE_CANDIDATES = 3;

  private final RootCauseAnalysis analysis;
  private final AnalysisScope scopes;
  private final Timeline timeline;

  public RootCauseAnalysisTool(
      RootCauseAnalysis analysis, AnalysisScope scopes, Timeline timeline) {
    this.analysis = analysis;
    this.scopes = scopes;
    this.timeline = timeline;
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
    String tenant = ctx.caller().tenant();
    IncidentScope scope = scopes.of(tenant, in.incidentId(), in.window(), in.start(), in.end());
    Set<String> symptoms = new LinkedHashSet<>(scope.services());
    TimeWindow window = scope.window();
    if (in.service() != null) {
      symptoms.add(Catalog.serviceName(in.service()));
    }
    RcaResult result =
        MetricSourceUnavailable.reported(
            () -> analysis.analyse(tenant, symptoms, window, scope.incidentId()));
    if (scope.incidentId() != null) { // the incident's timeline shows what RCA found for it
      timeline.add(
          tenant,
          scope.incidentId(),
          new NewEvent(
              "rca_result",
              timelineText(result),
              "monitoring",
              ctx.caller().credentialId(),
              Long.toString(result.rcaId()),
              null));
    }
    return result;
  }

  /** One line: the top candidates with their confidence, or that nothing stands out. */
  static String timelineText(RcaResult r) {
    if (r.candidates().isEmpty()) {
      return "Root-cause analysis "
          + r.rcaId()
          + ": nothing stands out ("
          + r.servicesChecked()
          + " services, "
          + r.seriesChecked()
          + " series checked)";
    }
    StringBuilder b = new StringBuilder("Root-cause analysis " + r.rcaId() + ": ");
    var top = r.candidates().stream().limit(MAX_TIMELINE_CANDIDATES).toList();
    for (int i = 0; i < top.size(); i++) {
      b.append(i == 0 ? "" : ", ")
          .append(i + 1)
          .append(". ")
          .append(top.get(i).service())
          .append(" (")
          .append(top.get(i).confidence())
          .append(')');
    }
    String summary = top.get(0).summary();
    b.append(" — ").append(summary.length() > 300 ? summary.substring(0, 300) + "…" : summary);
    return b.toString();
  }
}
