package dev.opsmcp.monitoring.health;

import dev.opsmcp.monitoring.catalog.CatalogService;
import dev.opsmcp.monitoring.metrics.MetricSource;
import dev.opsmcp.monitoring.metrics.Series;
import dev.opsmcp.monitoring.rca.AnalysisSpan;
import dev.opsmcp.monitoring.rca.Departure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Judges one service from its probe and its recent telemetry: every series (and its error-log
 * count) over the last {@link #RECENT} against its baseline with the RCA departure detector, and a
 * histogram's p99 against the catalog's {@code slo.latency_p99_ms} when its unit is seconds or
 * milliseconds.
 */
final class HealthCheck {
  static final Duration RECENT = Duration.ofMinutes(10);
  static final int LAST_STEPS = 5;
  static final int MAX_REASONS = 6;
  static final int MAX_SERIES = 300;

  private HealthCheck() {}

  static ServiceHealth judge(
      String service,
      CatalogService entry,
      ProbeResult probe,
      MetricSource source,
      String tenant,
      AnalysisSpan span,
      Map<String, double[]> errorLines) {
    List<String> reasons = new ArrayList<>();
    List<Series> series =
        new ArrayList<>(
            source.read(tenant, service, span.from(), span.end(), span.step(), MAX_SERIES));
    double[] errors = errorLines.get(service);
    if (errors != null) {
      series.add(
          new Series(
              service, "error log lines", "{}", "DELTA", "", span.from(), span.step(), errors));
    }
    boolean down = false;
    boolean degraded = false;
    if (entry == null) {
      reasons.add("not in the service catalog: no health_url to probe");
    } else if (probe == null) {
      reasons.add("no health_url in the catalog: not probed");
    } else {
      down =
          switch (probe.outcome()) {
            case "timeout", "refused", "error" -> true;
            case "http_error" -> probe.status() >= 500;
            default -> false;
          };
      degraded = "http_error".equals(probe.outcome()) && !down;
      reasons.add(
          "health_url "
              + probe.detail()
              + (probe.status() == null ? "" : " in " + probe.latencyMs() + " ms"));
    }
    int departed = 0;
    for (Series s : series) {
      Departure d = Departure.detect(s.values(), span.baselineSteps());
      if (d.departed()) {
        departed++;
        if (reasons.size() < MAX_REASONS) {
          reasons.add(
              s.name()
                  + (s.labels().equals("{}") ? "" : s.labels())
                  + (d.z() > 0 ? " above" : " below")
                  + " its baseline since "
                  + s.at(d.onset())
                  + " (robust z "
                  + Departure.text(d.z())
                  + ")");
        }
      }
      String slo = sloBreach(s, entry);
      if (slo != null) {
        degraded = true;
        reasons.add(slo);
      }
    }
    if (departed > 0) {
      degraded = true;
      if (departed > MAX_REASONS) {
        reasons.add(departed + " series departed from their baseline in all");
      }
    } else if (!series.isEmpty()) {
      reasons.add(series.size() + " series within their baseline over the last 10 min");
    }
    String status;
    if (down) {
      status = "down";
    } else if (degraded) {
      status = "degraded";
    } else if (probe == null && series.isEmpty()) {
      status = "unknown";
      reasons.add("no telemetry in the last hour either");
    } else {
      status = "healthy";
    }
    return new ServiceHealth(service, status, reasons, probe);
  }

  private static String sloBreach(Series s, CatalogService entry) {
    if (entry == null || entry.slo() == null || entry.slo().latencyP99Ms() == null) {
      return null;
    }
    if (!s.kind().equals("QUANTILE") || !s.labels().contains("\"quantile\":\"p99\"")) {
      return null;
    }
    double factor =
        switch (s.unit()) {
          case "s" -> 1000;
          case "ms" -> 1;
          default -> Double.NaN;
        };
    double[] v = s.values();
    double[] last =
        Arrays.stream(Arrays.copyOfRange(v, Math.max(0, v.length - LAST_STEPS), v.length))
            .filter(Double::isFinite)
            .toArray();
    if (Double.isNaN(factor) || last.length == 0) {
      return null;
    }
    double p99 = Arrays.stream(last).average().orElseThrow() * factor;
    if (p99 <= entry.slo().latencyP99Ms()) {
      return null;
    }
    return "p99 latency "
        + Math.round(p99)
        + " ms ("
        + s.name()
        + ", last "
        + LAST_STEPS
        + " min) is over the SLO of "
        + Math.round(entry.slo().latencyP99Ms())
        + " ms";
  }
}
