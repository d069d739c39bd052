package dev.opsmcp.monitoring.prometheus;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.monitoring.metrics.MetricSourceUnavailable;
import dev.opsmcp.monitoring.systemmetrics.Downsample;
import dev.opsmcp.monitoring.systemmetrics.SeriesStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PromQL over a range against the configured Prometheus, answered as a bounded summary: per series
 * its labels, last, min, max, mean and at most {@value #POINTS} bucket means; the total series
 * count and {@code truncated}. Registered only when {@code OPSMCP_PROMETHEUS_URL} is set.
 */
public final class QueryPrometheusTool implements Tool<QueryPrometheusTool.Input> {
  public record Input(
      @Param("PromQL expression, like rate(http_requests_total[5m]).") String query,
      @Param(value = "Range start, RFC 3339 (default: 1 hour before end).", optional = true)
          String start,
      @Param(value = "Range end, RFC 3339 (default now).", optional = true) String end,
      @Param(value = "Evaluation step, like 15s or 1m (default: about 120 steps).", optional = true)
          String step,
      @Param(value = "Series per answer, default 20, max 50.", optional = true) Integer limit) {}

  public record SeriesSummary(
      Map<String, String> labels,
      Double last,
      Double min,
      Double max,
      Double mean,
      int samples,
      List<Double> points) {}

  public record Output(
      String query,
      Instant start,
      Instant end,
      String step,
      String pointsStep,
      List<SeriesSummary> series,
      int total,
      boolean truncated,
      String next) {}

  static final Duration DEFAULT_RANGE = Duration.ofHours(1);
  static final Duration MAX_RANGE = Duration.ofDays(31);
  static final int MAX_QUERY_CHARS = 4_000;
  static final int MAX_STEPS = 11_000;
  static final int POINTS = 30;
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 50;
  static final int MAX_LABELS = 20;
  static final int MAX_LABEL_CHARS = 200;

  private final PrometheusClient client;

  public QueryPrometheusTool(PrometheusClient client) {
    this.client = client;
  }

  @Override
  public String name() {
    return "query_prometheus";
  }

  @Override
  public String description() {
    return "Run PromQL over a time range on the team's Prometheus. Returns per series its labels,"
        + " last, min, max, mean and up to 30 points; the total series count and truncated."
        + " Prefer get_system_metrics and root_cause_analysis; use this for a specific question.";
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
    return new Hints(true, false, true, true);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    if (!client.settings().tenant().equals(ctx.caller().tenant())) {
      throw new ToolFailure(
          ToolFailure.Kind.FORBIDDEN,
          "this server's Prometheus holds another tenant's metrics; use get_system_metrics for"
              + " yours");
    }
    String query = in.query() == null ? "" : in.query().strip();
    if (query.isEmpty()) {
      throw new ToolFailure("query is empty: send a PromQL expression, like up");
    }
    if (query.length() > MAX_QUERY_CHARS) {
      throw new ToolFailure(
          "query is over " + MAX_QUERY_CHARS + " characters; send a shorter PromQL expression");
    }
    if (query.indexOf('\0') >= 0) {
      throw new ToolFailure("query contains a NUL character; send plain PromQL text");
    }
    TimeWindow window = TimeWindow.of(null, in.start(), in.end(), DEFAULT_RANGE, Instant.now());
    if (window.length().compareTo(MAX_RANGE) > 0) {
      throw new ToolFailure("the range is over 31 days; send a later start or an earlier end");
    }
    Duration step = step(window, in.step());
    int limit = in.limit() == null ? DEFAULT_LIMIT : in.limit();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ToolFailure("limit " + limit + " is out of range: send 1 to " + MAX_LIMIT);
    }
    List<PrometheusClient.Range> ranges;
    try {
      ranges = client.queryRange(query, window.start(), window.end(), step);
    } catch (PrometheusClient.BadQuery e) {
      throw new ToolFailure(e.getMessage() + "; fix the PromQL and send it again");
    } catch (MetricSourceUnavailable e) {
      throw e.toFailure();
    }
    List<PrometheusClient.Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparing(r -> r.labels().toString()));
    List<SeriesSummary> out = new ArrayList<>();
    for (PrometheusClient.Range r : sorted.subList(0, Math.min(limit, sorted.size()))) {
      out.add(summary(r, window, step));
    }
    int buckets = (int) Math.min(POINTS, window.length().dividedBy(step) + 1);
    boolean truncated = sorted.size() > limit;
    return new Output(
        query,
        window.start(),
        window.end(),
        step.toString(),
        window.length().dividedBy(Math.max(1, buckets)).toString(),
        out,
        sorted.size(),
        truncated,
        truncated
            ? "showing "
                + limit
                + " of "
                + sorted.size()
                + " series (by labels); aggregate (sum by (…)), narrow the selector, or raise"
                + " limit (max 50)"
            : null);
  }

  private static SeriesSummary summary(PrometheusClient.Range r, TimeWindow window, Duration step) {
    int n = (int) (window.length().dividedBy(step) + 1);
    double[] values = new double[n];
    java.util.Arrays.fill(values, Double.NaN);
    long start = window.start().toEpochMilli();
    for (int j = 0; j < r.times().length; j++) {
      long i = Math.round((double) (r.times()[j] - start) / step.toMillis());
      if (i >= 0 && i < n) {
        values[(int) i] = r.values()[j];
      }
    }
    SeriesStats stats = SeriesStats.of(values);
    Map<String, String> labels = new LinkedHashMap<>();
    r.labels().entrySet().stream()
        .limit(MAX_LABELS)
        .forEach(
            e ->
                labels.put(
                    e.getKey(),
                    e.getValue().length() > MAX_LABEL_CHARS
                        ? e.getValue().substring(0, MAX_LABEL_CHARS) + "…"
                        : e.getValue()));
    if (r.labels().size() > MAX_LABELS) {
      labels.put("…", (r.labels().size() - MAX_LABELS) + " more labels");
    }
    return new SeriesSummary(
        labels,
        stats.last(),
        stats.min(),
        stats.max(),
        stats.mean(),
        r.times().length,
        Downsample.of(values, POINTS));
  }

  private static Duration step(TimeWindow window, String step) throws ToolFailure {
    if (step == null) {
      long seconds = Math.max(15, (window.length().toSeconds() + 119) / 120);
      return Duration.ofSeconds(seconds);
    }
    Duration s = TimeWindow.timeframe(step);
    if (window.length().dividedBy(s) > MAX_STEPS) {
      throw new ToolFailure(
          "step "
              + Echo.of(step)
              + " gives over "
              + MAX_STEPS
              + " points over the range; send a coarser step or omit it");
    }
    return s;
  }
}
