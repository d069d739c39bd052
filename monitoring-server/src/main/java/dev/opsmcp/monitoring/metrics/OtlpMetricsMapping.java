package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.StorableText;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an OTLP metrics request into samples. {@code service.name} comes from the resource; data
 * points without one are rejected (counted for OTLP partial success). Point attributes are the
 * series labels; resource attributes are not (they would multiply series per host or pod).
 */
final class OtlpMetricsMapping {
  static final int MAX_NAME = 200;
  static final int MAX_LABELS_CHARS = 1000;
  static final int MAX_BUCKETS = 400;

  record Result(List<Sample> samples, int rejected, List<String> reasons) {}

  private OtlpMetricsMapping() {}

  static Result map(ExportMetricsServiceRequest request) {
    List<Sample> samples = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    int noService = 0;
    int invalid = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      String service = null;
      for (KeyValue kv : rm.getResource().getAttributesList()) {
        if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
          service = kv.getValue().getStringValue().strip();
        }
      }
      boolean valid =
          service != null
              && !service.isEmpty()
              && service.length() <= MAX_NAME
              && StorableText.problem(service) == null;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          if (!valid) {
            noService += points(m);
            continue;
          }
          if (m.getName().isBlank()
              || m.getName().length() > MAX_NAME
              || StorableText.problem(m.getName() + m.getUnit()) != null) {
            invalid += points(m);
            continue;
          }
          int before = samples.size();
          invalid += add(samples, service, m);
          // A label PostgreSQL cannot store (NUL, an unpaired surrogate) refuses its point.
          List<Sample> added = samples.subList(before, samples.size());
          int unstorable = added.size();
          added.removeIf(s -> StorableText.problem(s.key().labels()) != null);
          invalid += unstorable - added.size();
        }
      }
    }
    if (noService > 0) {
      reasons.add(
          noService
              + " data point(s) rejected: their resource has no service.name attribute (or one"
              + " longer than "
              + MAX_NAME
              + " characters, or with a NUL or an unpaired surrogate); set OTEL_SERVICE_NAME or"
              + " the resource attribute service.name");
    }
    if (invalid > 0) {
      reasons.add(
          invalid
              + " data point(s) rejected: metric name empty or over "
              + MAX_NAME
              + " characters, text with a NUL or an unpaired surrogate, labels over "
              + MAX_LABELS_CHARS
              + " characters, or a histogram over "
              + MAX_BUCKETS
              + " buckets");
    }
    return new Result(samples, noService + invalid, reasons);
  }

  static int points(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 0;
    };
  }

  /** Adds the metric's points; returns how many were invalid. */
  private static int add(List<Sample> out, String service, Metric m) {
    int invalid = 0;
    String unit = m.getUnit();
    switch (m.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          invalid += number(out, service, m.getName(), unit, MetricKind.GAUGE, false, p);
        }
      }
      case SUM -> {
        boolean cumulative =
            m.getSum().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        MetricKind kind =
            !m.getSum().getIsMonotonic()
                ? MetricKind.GAUGE
                : cumulative ? MetricKind.RATE : MetricKind.DELTA;
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          invalid += number(out, service, m.getName(), unit, kind, kind == MetricKind.RATE, p);
        }
      }
      case HISTOGRAM -> {
        boolean cumulative =
            m.getHistogram().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          invalid += histogram(out, service, m.getName(), unit, cumulative, p);
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        boolean cumulative =
            m.getExponentialHistogram().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          invalid += exponential(out, service, m.getName(), unit, cumulative, p);
        }
      }
      case SUMMARY -> {
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            Map<String, String> labels = labels(p.getAttributesList());
            labels.put("quantile", Double.toString(q.getQuantile()));
            String json = Json.write(labels);
            if (json.length() > MAX_LABELS_CHARS) {
              invalid++;
              continue;
            }
            out.add(
                new Sample(
                    new SeriesKey(service, m.getName(), json, MetricKind.GAUGE, unit),
                    p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(),
                    q.getValue(),
                    false,
                    null,
                    null));
          }
        }
      }
      default -> {}
    }
    return invalid;
  }

  private static int number(
      List<Sample> out,
      String service,
      String name,
      String unit,
      MetricKind kind,
      boolean cumulative,
      NumberDataPoint p) {
    String labels = Json.write(labels(p.getAttributesList()));
    if (labels.length() > MAX_LABELS_CHARS) {
      return 1;
    }
    double value = p.hasAsInt() ? p.getAsInt() : p.getAsDouble();
    if (!Double.isFinite(value)) {
      return 1;
    }
    out.add(
        new Sample(
            new SeriesKey(service, name, labels, kind, unit),
            p.getStartTimeUnixNano(),
            p.getTimeUnixNano(),
            value,
            cumulative,
            null,
            null));
    return 0;
  }

  private static int histogram(
      List<Sample> out,
      String service,
      String name,
      String unit,
      boolean cumulative,
      HistogramDataPoint p) {
    String labels = Json.write(labels(p.getAttributesList()));
    int n = p.getBucketCountsCount();
    if (labels.length() > MAX_LABELS_CHARS
        || n > MAX_BUCKETS
        || n != p.getExplicitBoundsCount() + 1) {
      return 1;
    }
    double[] bounds = new double[n];
    double[] counts = new double[n];
    for (int i = 0; i < n; i++) {
      bounds[i] = i < n - 1 ? p.getExplicitBounds(i) : MetricWriter.INF_BOUND;
      counts[i] = p.getBucketCounts(i);
    }
    out.add(
        new Sample(
            new SeriesKey(service, name, labels, MetricKind.HISTOGRAM, unit),
            p.getStartTimeUnixNano(),
            p.getTimeUnixNano(),
            p.getCount(),
            cumulative,
            bounds,
            counts));
    return 0;
  }

  /** Base-2 exponential buckets as upper bounds: bucket i covers (base^i, base^(i+1)]. */
  private static int exponential(
      List<Sample> out,
      String service,
      String name,
      String unit,
      boolean cumulative,
      ExponentialHistogramDataPoint p) {
    String labels = Json.write(labels(p.getAttributesList()));
    int neg = p.getNegative().getBucketCountsCount();
    int pos = p.getPositive().getBucketCountsCount();
    if (labels.length() > MAX_LABELS_CHARS || neg + pos + 2 > MAX_BUCKETS) {
      return 1;
    }
    double base = Math.pow(2, Math.pow(2, -p.getScale()));
    List<double[]> buckets = new ArrayList<>(); // {upper bound, count}, ascending
    for (int k = neg - 1; k >= 0; k--) {
      int index = p.getNegative().getOffset() + k;
      buckets.add(new double[] {-Math.pow(base, index), p.getNegative().getBucketCounts(k)});
    }
    buckets.add(new double[] {p.getZeroThreshold(), p.getZeroCount()});
    for (int k = 0; k < pos; k++) {
      int index = p.getPositive().getOffset() + k;
      buckets.add(new double[] {Math.pow(base, index + 1), p.getPositive().getBucketCounts(k)});
    }
    buckets.add(new double[] {MetricWriter.INF_BOUND, 0});
    double[] bounds = new double[buckets.size()];
    double[] counts = new double[buckets.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = buckets.get(i)[0];
      counts[i] = buckets.get(i)[1];
    }
    out.add(
        new Sample(
            new SeriesKey(service, name, labels, MetricKind.HISTOGRAM, unit),
            p.getStartTimeUnixNano(),
            p.getTimeUnixNano(),
            p.getCount(),
            cumulative,
            bounds,
            counts));
    return 0;
  }

  /** Point attributes as sorted labels (canonical, so equal sets are one series). */
  static Map<String, String> labels(List<KeyValue> attributes) {
    Map<String, String> labels = new TreeMap<>();
    for (KeyValue kv : attributes) {
      labels.put(kv.getKey(), text(kv.getValue()));
    }
    return labels;
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> v.toString().strip();
    };
  }
}
