package dev.opsmcp.monitoring.rca;

import dev.opsmcp.monitoring.Otlp;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Synthetic telemetry of one scenario: signals whose level is a baseline times an effect of the
 * minutes since the incident onset (negative before it), with Gaussian noise, sampled every 30 s
 * from 150 minutes before now, as OTLP gauges, cumulative counters or cumulative histograms.
 */
public final class Telemetry {
  public enum Type {
    GAUGE,
    COUNTER,
    HISTOGRAM
  }

  public record Signal(
      String service, String metric, Type type, double base, DoubleUnaryOperator effect) {}

  static final double NOISE = 0.03;
  static final int STEP_SECONDS = 30;
  static final List<Double> BOUNDS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
  static final double OBSERVATIONS_PER_STEP = 600;

  private Telemetry() {}

  public static DoubleUnaryOperator none() {
    return t -> 1;
  }

  public static DoubleUnaryOperator step(double at, double factor) {
    return t -> t >= at ? factor : 1;
  }

  /** Linear change of {@code perMinute} (relative) from {@code at}, held at {@code limit}. */
  public static DoubleUnaryOperator ramp(double at, double perMinute, double limit) {
    return t -> {
      if (t < at) {
        return 1;
      }
      double v = 1 + perMinute * (t - at);
      return perMinute > 0 ? Math.min(v, limit) : Math.max(v, limit);
    };
  }

  /** Random spikes at a quarter of the points, before and during the incident alike. */
  public static DoubleUnaryOperator spiky(long seed) {
    return t -> new Random(seed ^ Double.doubleToLongBits(t)).nextDouble() < 0.25 ? 5 : 1;
  }

  /** One OTLP request per service of the scenario, all points from start to now. */
  public static List<ExportMetricsServiceRequest> requests(
      List<Signal> signals, Instant onset, Instant start, Instant now, long seed) {
    Map<String, List<Metric>> byService = new java.util.TreeMap<>();
    for (Signal s : signals) {
      Random noise = new Random(seed ^ s.metric().hashCode());
      byService
          .computeIfAbsent(s.service(), k -> new ArrayList<>())
          .add(metric(s, onset, start, now, noise));
    }
    List<ExportMetricsServiceRequest> out = new ArrayList<>();
    byService.forEach((service, metrics) -> out.add(Otlp.request(Otlp.resource(service, metrics))));
    return out;
  }

  private static double level(Signal s, Instant onset, Instant t, Random noise) {
    double minutes = (t.getEpochSecond() - onset.getEpochSecond()) / 60.0;
    return Math.max(
        0, s.base() * s.effect().applyAsDouble(minutes) * (1 + NOISE * noise.nextGaussian()));
  }

  /** A metric name as Prometheus spells it: anything outside [a-zA-Z0-9_:] becomes '_'. */
  public static String promName(String metric) {
    return metric.replaceAll("[^a-zA-Z0-9_:]", "_");
  }

  /**
   * The same signals as OpenMetrics text (what Prometheus would have scraped): gauges, counters as
   * {@code <name>_total}, histograms as cumulative {@code _bucket}/{@code _count}/{@code _sum},
   * each series labelled {@code service}, one sample per 30 s with its timestamp. Samples are added
   * to {@code families} (family name to its TYPE and lines) so several scenarios can share a file.
   */
  public static void openMetrics(
      Map<String, List<String>> families,
      List<Signal> signals,
      Instant onset,
      Instant start,
      Instant now,
      long seed) {
    for (Signal s : signals) {
      Random noise = new Random(seed ^ s.metric().hashCode());
      String name = promName(s.metric());
      String family = s.type() == Type.COUNTER ? name.replaceAll("_total$", "") : name;
      String type =
          switch (s.type()) {
            case GAUGE -> "gauge";
            case COUNTER -> "counter";
            case HISTOGRAM -> "histogram";
          };
      List<String> lines =
          families.computeIfAbsent(
              family, f -> new ArrayList<>(List.of("# TYPE " + f + " " + type)));
      String svc = "service=\"" + s.service() + "\"";
      double cumulative = 0;
      double sum = 0;
      long[] buckets = new long[BOUNDS.size() + 1];
      for (Instant t = start; !t.isAfter(now); t = t.plusSeconds(STEP_SECONDS)) {
        double level = level(s, onset, t, noise);
        long ts = t.getEpochSecond();
        switch (s.type()) {
          case GAUGE -> lines.add(family + "{" + svc + "} " + level + " " + ts);
          case COUNTER -> {
            cumulative += level * STEP_SECONDS;
            lines.add(family + "_total{" + svc + "} " + cumulative + " " + ts);
          }
          case HISTOGRAM -> {
            double previous = 0;
            long count = 0;
            for (int i = 0; i <= BOUNDS.size(); i++) {
              double f = i < BOUNDS.size() ? 1 - Math.exp(-BOUNDS.get(i) / level) : 1;
              buckets[i] += Math.round(OBSERVATIONS_PER_STEP * (f - previous));
              previous = f;
              count += buckets[i];
              String le = i < BOUNDS.size() ? BOUNDS.get(i).toString() : "+Inf";
              lines.add(family + "_bucket{" + svc + ",le=\"" + le + "\"} " + count + " " + ts);
            }
            sum += OBSERVATIONS_PER_STEP * level;
            lines.add(family + "_count{" + svc + "} " + count + " " + ts);
            lines.add(family + "_sum{" + svc + "} " + sum + " " + ts);
          }
          default -> throw new IllegalStateException();
        }
      }
    }
  }

  private static Metric metric(Signal s, Instant onset, Instant start, Instant now, Random noise) {
    long startNanos = Otlp.nanos(start.minusSeconds(STEP_SECONDS));
    List<NumberDataPoint> numbers = new ArrayList<>();
    List<HistogramDataPoint> histograms = new ArrayList<>();
    double cumulative = 0;
    long[] buckets = new long[BOUNDS.size() + 1];
    for (Instant t = start; !t.isAfter(now); t = t.plusSeconds(STEP_SECONDS)) {
      double level = level(s, onset, t, noise);
      switch (s.type()) {
        case GAUGE ->
            numbers.add(
                NumberDataPoint.newBuilder()
                    .setTimeUnixNano(Otlp.nanos(t))
                    .setAsDouble(level)
                    .build());
        case COUNTER -> {
          cumulative += level * STEP_SECONDS;
          numbers.add(
              NumberDataPoint.newBuilder()
                  .setStartTimeUnixNano(startNanos)
                  .setTimeUnixNano(Otlp.nanos(t))
                  .setAsDouble(cumulative)
                  .build());
        }
        case HISTOGRAM -> {
          // exponential latencies with mean `level`
          double previous = 0;
          for (int i = 0; i <= BOUNDS.size(); i++) {
            double f = i < BOUNDS.size() ? 1 - Math.exp(-BOUNDS.get(i) / level) : 1;
            buckets[i] += Math.round(OBSERVATIONS_PER_STEP * (f - previous));
            previous = f;
          }
          long count = 0;
          for (long b : buckets) {
            count += b;
          }
          histograms.add(
              HistogramDataPoint.newBuilder()
                  .setStartTimeUnixNano(startNanos)
                  .setTimeUnixNano(Otlp.nanos(t))
                  .addAllExplicitBounds(BOUNDS)
                  .addAllBucketCounts(java.util.Arrays.stream(buckets).boxed().toList())
                  .setCount(count)
                  .build());
        }
        default -> throw new IllegalStateException();
      }
    }
    Metric.Builder m = Metric.newBuilder().setName(s.metric());
    return switch (s.type()) {
      case GAUGE -> m.setGauge(Gauge.newBuilder().addAllDataPoints(numbers)).build();
      case COUNTER ->
          m.setSum(
                  Sum.newBuilder()
                      .setIsMonotonic(true)
                      .setAggregationTemporality(
                          AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                      .addAllDataPoints(numbers))
              .build();
      case HISTOGRAM ->
          m.setHistogram(
                  Histogram.newBuilder()
                      .setAggregationTemporality(
                          AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                      .addAllDataPoints(histograms))
              .build();
    };
  }
}
