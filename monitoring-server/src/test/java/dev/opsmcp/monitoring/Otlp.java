package dev.opsmcp.monitoring;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds OTLP metric requests for tests, sent as protobuf or as OTLP/JSON. */
public final class Otlp {
  private Otlp() {}

  public static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  public static List<KeyValue> attrs(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(
            e ->
                KeyValue.newBuilder()
                    .setKey(e.getKey())
                    .setValue(AnyValue.newBuilder().setStringValue(e.getValue()))
                    .build())
        .toList();
  }

  public static NumberDataPoint point(Instant t, double v, Map<String, String> labels) {
    return NumberDataPoint.newBuilder()
        .setTimeUnixNano(nanos(t))
        .setAsDouble(v)
        .addAllAttributes(attrs(labels))
        .build();
  }

  public static NumberDataPoint counterPoint(Instant start, Instant t, long v) {
    return NumberDataPoint.newBuilder()
        .setStartTimeUnixNano(nanos(start))
        .setTimeUnixNano(nanos(t))
        .setAsInt(v)
        .build();
  }

  public static Metric gauge(String name, List<NumberDataPoint> points) {
    return Metric.newBuilder()
        .setName(name)
        .setGauge(Gauge.newBuilder().addAllDataPoints(points))
        .build();
  }

  public static Metric counter(String name, List<NumberDataPoint> points) {
    return Metric.newBuilder()
        .setName(name)
        .setSum(
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addAllDataPoints(points))
        .build();
  }

  public static Metric histogram(String name, boolean cumulative, List<HistogramDataPoint> points) {
    return Metric.newBuilder()
        .setName(name)
        .setHistogram(
            Histogram.newBuilder()
                .setAggregationTemporality(
                    cumulative
                        ? AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
                        : AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addAllDataPoints(points))
        .build();
  }

  public static HistogramDataPoint histogramPoint(
      Instant start, Instant t, List<Double> bounds, List<Long> counts) {
    return HistogramDataPoint.newBuilder()
        .setStartTimeUnixNano(nanos(start))
        .setTimeUnixNano(nanos(t))
        .addAllExplicitBounds(bounds)
        .addAllBucketCounts(counts)
        .setCount(counts.stream().mapToLong(Long::longValue).sum())
        .build();
  }

  /** A resource with {@code service.name} (none when null) and the metrics. */
  public static ResourceMetrics resource(String service, List<Metric> metrics) {
    Resource.Builder r = Resource.newBuilder();
    if (service != null) {
      r.addAttributes(
          KeyValue.newBuilder()
              .setKey("service.name")
              .setValue(AnyValue.newBuilder().setStringValue(service)));
    }
    return ResourceMetrics.newBuilder()
        .setResource(r)
        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(metrics))
        .build();
  }

  public static ExportMetricsServiceRequest request(ResourceMetrics... resources) {
    return ExportMetricsServiceRequest.newBuilder()
        .addAllResourceMetrics(List.of(resources))
        .build();
  }

  public static byte[] json(ExportMetricsServiceRequest request) {
    try {
      return JsonFormat.printer().print(request).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
