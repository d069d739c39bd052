package dev.opsmcp.monitoring.systemmetrics;

import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.metrics.MetricSource;
import dev.opsmcp.monitoring.metrics.Series;
import dev.opsmcp.monitoring.metrics.ServiceReads;
import dev.opsmcp.monitoring.rca.AnalysisSpan;
import dev.opsmcp.monitoring.rca.Departure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;

/**
 * Summaries of metrics read through a {@link MetricSource}: per series, statistics and departure
 * from its own baseline (the detector root-cause analysis uses); per service, what looks abnormal.
 */
final class SystemMetrics {
  static final int POINTS = 30;
  static final int MAX_SERIES_READ = 300;
  static final int MAX_SERVICES_READ = 500;

  private final MetricSource source;

  SystemMetrics(MetricSource source) {
    this.source = source;
  }

  /** The service's series matching {@code metrics} (any, by substring), most departed first. */
  List<SeriesSummary> series(
      String tenant, String service, List<String> metrics, AnalysisSpan span) {
    List<SeriesSummary> out = new ArrayList<>();
    for (Series s : read(tenant, service, span)) {
      if (matches(s.name(), metrics)) {
        out.add(summary(s, span));
      }
    }
    out.sort(
        Comparator.comparing((SeriesSummary s) -> !s.departed())
            .thenComparing(s -> s.z() == null ? 0 : -Math.abs(s.z()))
            .thenComparing(SeriesSummary::metric));
    return out;
  }

  /** Every service with data, abnormal ones first by their largest |z|, then noisy, then normal. */
  List<ServiceStatus> services(String tenant, AnalysisSpan span) {
    List<String> services = source.services(tenant, span.from(), span.end(), MAX_SERVICES_READ);
    List<List<Series>> read =
        ServiceReads.read(
            source, tenant, services, span.from(), span.end(), span.step(), MAX_SERIES_READ);
    List<ServiceStatus> out = new ArrayList<>();
    for (int i = 0; i < services.size(); i++) {
      out.add(status(services.get(i), read.get(i), span));
    }
    out.sort(
        Comparator.comparing((ServiceStatus s) -> rank(s.status()))
            .thenComparing(s -> s.maxZ() == null ? 0 : -s.maxZ())
            .thenComparing(ServiceStatus::service));
    return out;
  }

  private List<Series> read(String tenant, String service, AnalysisSpan span) {
    return source.read(tenant, service, span.from(), span.end(), span.step(), MAX_SERIES_READ);
  }

  private static SeriesSummary summary(Series s, AnalysisSpan span) {
    int base = span.baselineSteps();
    double[] v = s.values();
    double[] window = Arrays.copyOfRange(v, Math.min(base, v.length), v.length);
    SeriesStats stats = SeriesStats.of(window);
    Departure d = Departure.detect(v, base);
    boolean onset = d.onset() >= 0;
    return new SeriesSummary(
        name(s),
        s.kind().toLowerCase(Locale.ROOT),
        stats.last(),
        stats.min(),
        stats.max(),
        stats.mean(),
        stats.p95(),
        stats.trend(),
        SeriesStats.round(d.median()),
        d.departed(),
        d.chronic(),
        onset ? s.at(d.onset()) : null,
        onset ? Departure.shown(d.z()) : null,
        Downsample.of(window, POINTS));
  }

  /** A series and its departure from its baseline. */
  private record Checked(Series series, Departure departure) {}

  /** Only the strongest departure is summarised: the others need just their departure. */
  private static ServiceStatus status(String service, List<Series> series, AnalysisSpan span) {
    int base = span.baselineSteps();
    List<Checked> all =
        series.stream().map(s -> new Checked(s, Departure.detect(s.values(), base))).toList();
    List<Checked> departed =
        all.stream()
            .filter(c -> c.departure().departed())
            .sorted(Comparator.comparing(c -> -Math.abs(Departure.shown(c.departure().z()))))
            .toList();
    long chronic = all.stream().filter(c -> c.departure().chronic()).count();
    if (departed.isEmpty()) {
      return new ServiceStatus(
          service,
          chronic > 0 ? "noisy" : "normal",
          0,
          all.size(),
          null,
          null,
          chronic > 0
              ? chronic + " of " + all.size() + " series already abnormal throughout the baseline"
              : "all " + all.size() + " series within their baseline");
    }
    SeriesSummary top = summary(departed.get(0).series(), span);
    var onset =
        departed.stream()
            .map(c -> c.series().at(c.departure().onset()))
            .min(Comparator.naturalOrder())
            .get();
    String line =
        departed.size()
            + " of "
            + all.size()
            + " series departed since "
            + onset
            + "; strongest "
            + top.metric()
            + (top.z() > 0 ? " up" : " down")
            + " (z "
            + Departure.text(top.z())
            + ", baseline "
            + top.baseline()
            + ", now "
            + top.last()
            + ")";
    return new ServiceStatus(
        service, "abnormal", departed.size(), all.size(), Math.abs(top.z()), onset, line);
  }

  private static int rank(String status) {
    return switch (status) {
      case "abnormal" -> 0;
      case "noisy" -> 1;
      default -> 2;
    };
  }

  private static boolean matches(String name, List<String> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return metrics.stream().anyMatch(m -> lower.contains(m.strip().toLowerCase(Locale.ROOT)));
  }

  /** {@code name{k="v",…}}, Prometheus style, or the bare name without labels. */
  static String name(Series s) {
    Map<String, String> labels =
        new TreeMap<>(
            Json.MAPPER.readValue(s.labels(), new TypeReference<Map<String, String>>() {}));
    if (labels.isEmpty()) {
      return s.name();
    }
    StringBuilder b = new StringBuilder(s.name()).append('{');
    labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
    b.setLength(b.length() - 1);
    return b.append('}').toString();
  }

  static Duration pointsStep(AnalysisSpan span) {
    int windowSteps = span.steps() - span.baselineSteps();
    int buckets = Math.min(POINTS, windowSteps);
    return span.step().multipliedBy(windowSteps).dividedBy(Math.max(1, buckets));
  }
}
