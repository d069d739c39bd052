package dev.opsmcp.monitoring.systemmetrics;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.monitoring.catalog.Catalog;
import dev.opsmcp.monitoring.metrics.MetricSource;
import dev.opsmcp.monitoring.metrics.MetricSourceUnavailable;
import dev.opsmcp.monitoring.rca.AnalysisScope;
import dev.opsmcp.monitoring.rca.AnalysisSpan;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Bounded metric summaries: one service's series, or every service's state at a glance. */
public final class GetSystemMetricsTool implements Tool<GetSystemMetricsTool.Input> {
  public record Input(
      @Param(
              value = "Service to detail; omit for every service, most abnormal first.",
              optional = true)
          String service,
      @Param(value = "Only metrics whose name contains one of these.", optional = true)
          List<String> metrics,
      @Param(value = "How far back, like 30m, 2h, 1d (default 30m).", optional = true)
          String window,
      @Param(value = "Window start, RFC 3339 (instead of window).", optional = true) String start,
      @Param(value = "Window end, RFC 3339 (default now).", optional = true) String end,
      @Param(value = "Analysis step, like 1m or 5m (default: about 120 steps).", optional = true)
          String step,
      @Param(value = "Series (or services) per answer, default 20, max 50.", optional = true)
          Integer limit) {}

  static final Duration MIN_STEP = Duration.ofSeconds(15);
  static final int MAX_STEPS = 5_000;
  static final Limit LIMIT = new Limit(20, 50);

  private final SystemMetrics metrics;
  private final Clock clock;

  public GetSystemMetricsTool(MetricSource source, Clock clock) {
    this.metrics = new SystemMetrics(source);
    this.clock = clock;
  }

  @Override
  public String name() {
    return "get_system_metrics";
  }

  @Override
  public String description() {
    return "Metric summaries. With service: per series last, min, max, mean, p95, trend, whether"
        + " and since when it departed from its own baseline (robust z), and up to 30 points;"
        + " histograms as p50/p95/p99. Without service: one line per service saying what looks"
        + " abnormal now, most abnormal first.";
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
  public Object call(ToolContext ctx, Input in) throws ToolFailure {
    return MetricSourceUnavailable.reported(() -> answer(ctx, in));
  }

  private Object answer(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    TimeWindow window =
        AnalysisScope.bounded(
            TimeWindow.of(
                in.window(), in.start(), in.end(), AnalysisScope.DEFAULT_WINDOW, clock.instant()));
    AnalysisSpan span = span(window, in.step());
    int limit = LIMIT.resolve(in.limit());
    if (in.service() == null) {
      List<ServiceStatus> all = metrics.services(tenant, span);
      boolean truncated = all.size() > limit;
      return new MetricsOverview(
          span.start(),
          window.end(),
          span.from(),
          truncated ? all.subList(0, limit) : all,
          all.size(),
          truncated,
          truncated
              ? "showing the " + limit + " most abnormal; raise limit (max 50) or ask per service"
              : null);
    }
    String service = Catalog.serviceName(in.service());
    List<SeriesSummary> all = metrics.series(tenant, service, in.metrics(), span);
    if (all.isEmpty()) {
      throw new ToolFailure(
          ToolFailure.Kind.NOT_FOUND,
          "no metrics for service '"
              + service
              + "'"
              + (in.metrics() == null ? "" : " matching " + in.metrics())
              + " in this window; call get_system_metrics without service to see which"
              + " services have data, or list_services");
    }
    boolean truncated = all.size() > limit;
    return new ServiceMetrics(
        service,
        span.start(),
        window.end(),
        span.from(),
        span.step().toString(),
        SystemMetrics.pointsStep(span).toString(),
        truncated ? all.subList(0, limit) : all,
        all.size(),
        truncated,
        truncated
            ? "showing "
                + limit
                + " of "
                + all.size()
                + " series, departed first; narrow with"
                + " metrics=[name parts] or raise limit (max 50)"
            : null);
  }

  private static AnalysisSpan span(TimeWindow window, String step) throws ToolFailure {
    if (step == null) {
      return AnalysisSpan.of(window);
    }
    Duration s = TimeWindow.duration("step", step);
    if (s.compareTo(MIN_STEP) < 0) {
      throw new ToolFailure("step " + step + " is under 15s; send 15s or more, like 1m");
    }
    AnalysisSpan span = AnalysisSpan.of(window, s);
    if (span.steps() > MAX_STEPS) {
      throw new ToolFailure(
          "step "
              + step
              + " gives "
              + span.steps()
              + " steps over the window and its baseline (max "
              + MAX_STEPS
              + "); send a coarser step or omit it");
    }
    return span;
  }
}
