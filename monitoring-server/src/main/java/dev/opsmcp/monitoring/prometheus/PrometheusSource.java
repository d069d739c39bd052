package dev.opsmcp.monitoring.prometheus;

import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.metrics.MetricSource;
import dev.opsmcp.monitoring.metrics.MetricSourceUnavailable;
import dev.opsmcp.monitoring.metrics.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Prometheus-compatible server as a {@link MetricSource}. A series belongs to the service named
 * by its {@code OPSMCP_PROMETHEUS_SERVICE_LABEL} label, or by its {@code job} label when it has
 * none. Metric families are told apart by the Prometheus naming conventions, since imported or
 * federated data carries no type metadata: {@code *_bucket} with {@code le} is a histogram (its
 * observation rate from {@code *_count} and p50/p95/p99 by {@code histogram_quantile}), {@code
 * *_total}, {@code *_count} and {@code *_sum} are counters (read as a per-second {@code rate}),
 * {@code *_created} is skipped, anything else is a gauge ({@code avg_over_time}). Each step's value
 * is evaluated at the step's end over max(step, 4 scrape intervals). One {@code query_range} reads
 * up to {@value #FAMILIES_PER_QUERY} families of a service, each tagged by {@code label_replace}.
 */
public final class PrometheusSource implements MetricSource {
  static final int FAMILIES_PER_QUERY = 20;
  static final String TAG = "opsmcp_metric";
  private static final double[] QUANTILES = {0.5, 0.95, 0.99};

  private enum Family {
    GAUGE,
    RATE,
    HISTOGRAM
  }

  private final PrometheusClient client;
  private final String label;
  private final Duration minRange;

  public PrometheusSource(PrometheusClient client) {
    this.client = client;
    this.label = client.settings().serviceLabel();
    this.minRange = client.settings().scrapeInterval().multipliedBy(4);
  }

  @Override
  public List<String> services(String tenant, Instant from, Instant to, int limit) {
    Set<String> out = new TreeSet<>(client.labelValues(label, null, from, to));
    if (!label.equals("job")) {
      out.addAll(client.labelValues("job", "{" + label + "=\"\",job!=\"\"}", from, to));
    }
    return out.stream().limit(limit).toList();
  }

  @Override
  public List<Series> read(
      String tenant, String service, Instant from, Instant to, Duration step, int limit) {
    int n = (int) Math.max(1, Duration.between(from, to).dividedBy(step));
    List<String> selectors = selectors(service);
    Map<String, Family> families = new TreeMap<>();
    Set<String> histograms = new TreeSet<>();
    List<Map<String, String>> found;
    try {
      found = client.series(selectors, from, to);
    } catch (PrometheusClient.BadQuery e) {
      throw new MetricSourceUnavailable(e.getMessage());
    }
    for (Map<String, String> s : found) {
      String name = s.get("__name__");
      if (name == null) {
        continue;
      }
      if (name.endsWith("_bucket") && s.containsKey("le")) {
        histograms.add(name.substring(0, name.length() - "_bucket".length()));
      }
    }
    for (Map<String, String> s : found) {
      String name = s.get("__name__");
      if (name == null || name.endsWith("_created")) {
        continue;
      }
      if (name.endsWith("_bucket") && s.containsKey("le")) {
        families.put(name.substring(0, name.length() - "_bucket".length()), Family.HISTOGRAM);
      } else if (name.endsWith("_count") || name.endsWith("_sum")) {
        String base = name.substring(0, name.lastIndexOf('_'));
        if (!histograms.contains(base)) {
          families.put(name, Family.RATE);
        }
      } else if (name.endsWith("_total")) {
        families.put(name, Family.RATE);
      } else {
        families.putIfAbsent(name, Family.GAUGE);
      }
    }
    List<String> clauses = new ArrayList<>();
    String range = "[" + Math.max(step.toSeconds(), minRange.toSeconds()) + "s]";
    for (var f : families.entrySet().stream().limit(limit).toList()) {
      String name = f.getKey();
      switch (f.getValue()) {
        case GAUGE ->
            clauses.add(tag(selectors, "GAUGE|" + name + "|", "avg_over_time", name, range, null));
        case RATE -> clauses.add(tag(selectors, "RATE|" + name + "|", "rate", name, range, null));
        case HISTOGRAM -> {
          clauses.add(
              tag(selectors, "HISTOGRAM|" + name + "|", "rate", name + "_count", range, null));
          for (double q : QUANTILES) {
            clauses.add(
                tag(
                    selectors,
                    "QUANTILE|" + name + "|p" + Math.round(q * 100),
                    "rate",
                    name + "_bucket",
                    range,
                    q));
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    List<Series> out = new ArrayList<>();
    Instant first = from.plus(step);
    Instant last = from.plus(step.multipliedBy(n));
    for (int i = 0; i < clauses.size(); i += FAMILIES_PER_QUERY) {
      String query =
          String.join(" or ", clauses.subList(i, Math.min(clauses.size(), i + FAMILIES_PER_QUERY)));
      List<PrometheusClient.Range> ranges;
      try {
        ranges = client.queryRange(query, first, last, step);
      } catch (PrometheusClient.BadQuery e) {
        throw new MetricSourceUnavailable(
            "Prometheus refused OpsMCP's query for service " + service + ": " + e.getMessage());
      }
      for (PrometheusClient.Range r : ranges) {
        out.add(series(service, r, from, step, n));
      }
    }
    out.sort(Comparator.comparing(Series::name).thenComparing(Series::labels));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private Series series(
      String service, PrometheusClient.Range r, Instant from, Duration step, int n) {
    Map<String, String> labels = new TreeMap<>(r.labels());
    String[] tag = labels.remove(TAG).split("\\|", -1);
    labels.remove(label);
    labels.remove("__name__");
    if (service.equals(labels.get("job"))) {
      labels.remove("job");
    }
    if (!tag[2].isEmpty()) {
      labels.put("quantile", tag[2]);
    }
    double[] values = new double[n];
    Arrays.fill(values, Double.NaN);
    long first = from.plus(step).toEpochMilli();
    for (int j = 0; j < r.times().length; j++) {
      long i = Math.round((double) (r.times()[j] - first) / step.toMillis());
      if (i >= 0 && i < n) {
        values[(int) i] = r.values()[j];
      }
    }
    return new Series(
        service, tag[1], Json.write(labels), tag[0], unit(tag[1]), from, step, values);
  }

  /** Selectors of a service's series: by its label, else by job (series without the label). */
  private List<String> selectors(String service) {
    String v = quote(service);
    return label.equals("job")
        ? List.of("{job=" + v + "}")
        : List.of("{" + label + "=" + v + "}", "{job=" + v + "," + label + "=\"\"}");
  }

  private static String tag(
      List<String> selectors,
      String tag,
      String function,
      String metric,
      String range,
      Double quantile) {
    List<String> parts = new ArrayList<>();
    for (String sel : selectors) {
      parts.add(function + "(" + metric + sel + range + ")");
    }
    String inner = "(" + String.join(" or ", parts) + ")";
    if (quantile != null) {
      inner = "histogram_quantile(" + quantile + ", " + inner + ")";
    }
    return "label_replace(" + inner + ", \"" + TAG + "\", " + quote(tag) + ", \"__name__\", \"\")";
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** The unit a Prometheus name's conventional suffix declares, UCUM as OTLP sends it. */
  static String unit(String name) {
    String base = name.replaceAll("_(total|count|sum)$", "");
    if (base.endsWith("_seconds")) {
      return "s";
    }
    if (base.endsWith("_milliseconds") || base.endsWith("_ms")) {
      return "ms";
    }
    if (base.endsWith("_bytes")) {
      return "By";
    }
    if (base.endsWith("_ratio")) {
      return "1";
    }
    return "";
  }
}
