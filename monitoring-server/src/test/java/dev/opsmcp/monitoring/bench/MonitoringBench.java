package dev.opsmcp.monitoring.bench;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.Otlp;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitoring benchmark (bench/monitoring.sh): OTLP metric ingest points/s into the built-in
 * store, then latency of get_system_metrics and root_cause_analysis over S services × K series × H
 * hours at a fixed step (defaults 50 × 20 × 24 h at 15 s), from the built-in store and, when
 * Debian's prometheus is installed, from a Prometheus holding the same data (imported with
 * promtool), and the token size (chars/4) of each tool's largest result and of the tool
 * definitions. One service of a dependency tree degrades in the last 20 minutes, so RCA has a cause
 * to find. Prints figures; asserts nothing. In-process: the server and the load generator share the
 * JVM and its cores.
 */
public final class MonitoringBench {
  static final List<Double> BOUNDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5);
  static final int OBSERVATIONS = 100;

  final int services;
  final int seriesPer;
  final int hours;
  final int step;
  final Instant end;
  final Instant start;

  MonitoringBench(int services, int seriesPer, int hours, int step) {
    this.services = services;
    this.seriesPer = seriesPer;
    this.hours = hours;
    this.step = step;
    this.end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    this.start = end.minus(Duration.ofHours(hours));
  }

  static int prop(String name, int fallback) {
    return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)));
  }

  public static void main(String[] args) throws Exception {
    MonitoringBench b =
        new MonitoringBench(
            prop("bench.services", 50),
            prop("bench.series", 20),
            prop("bench.hours", 24),
            prop("bench.step", 15));
    int senders = prop("bench.senders", 2);
    int calls = prop("bench.calls", 20);
    int passes = prop("bench.passes", 1);
    boolean prometheus = Boolean.parseBoolean(System.getProperty("bench.prometheus", "true"));
    long points = (long) b.services * b.seriesPer * (b.hours * 3600L / b.step);
    System.out.printf(
        Locale.ROOT,
        "data: %d services x %d series x %d h at %d s = %,d points; database %s%n",
        b.services,
        b.seriesPer,
        b.hours,
        b.step,
        points,
        TestDatabases.kind());
    Database db = TestDatabases.fresh();
    Map<String, Object> largest = new LinkedHashMap<>();
    try (MonitoringFixture mon = MonitoringFixture.start(Map.of(), db, true)) {
      String key = mon.key("bench");
      b.catalog(mon.server.baseUrl(), key);
      // PostgreSQL backends of the bench's own database: "postgres: user dbname host(port) …"
      String pg = db.config().jdbcUrl().replaceFirst(".*/([^/?]+).*", "$1");
      String backend = db.kind() == DatabaseKind.POSTGRESQL ? "postgres|" + pg : null;
      b.ingest(mon, key, senders, backend);
      AgentClient client = mon.client(key);
      for (int pass = 1; pass <= passes; pass++) {
        b.tools(
            "built-in store" + (passes > 1 ? ", pass " + pass : ""),
            mon,
            client,
            calls,
            largest,
            backend);
      }
      String defs = Json.write(client.client.listTools().tools());
      System.out.printf(
          Locale.ROOT,
          "tool definitions: %d tools, %,d chars = %,d tokens (target < 3,000)%n",
          client.client.listTools().tools().size(),
          defs.length(),
          defs.length() / 4);
    }
    Path promBin = Path.of("/usr/bin/prometheus");
    if (prometheus && Files.isExecutable(promBin)) {
      b.prometheus(calls);
    } else {
      System.out.println("prometheus: skipped (not installed, or -Dbench.prometheus=false)");
    }
    System.exit(0); // the SDK leaves a non-daemon session sweeper thread behind
  }

  String service(int s) {
    return "svc-" + s;
  }

  /** A tree: svc-i depends on svc-(2i+1) and svc-(2i+2). */
  void catalog(String baseUrl, String key) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int s = 0; s < services; s++) {
      List<String> deps = new ArrayList<>();
      for (int d = 2 * s + 1; d <= 2 * s + 2 && d < services; d++) {
        deps.add(service(d));
      }
      http.send(
          HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/services/" + service(s)))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("depends_on", deps))))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Series j of service s: gauges, counters (a rate) and every tenth a histogram (a latency). */
  static String kind(int j) {
    return j % 10 == 9 ? "histogram" : j % 10 >= 6 ? "counter" : "gauge";
  }

  static String name(int j) {
    return "bench_" + kind(j) + "_" + j;
  }

  /** The level of series j of service s at t: steady with noise; svc-1 then svc-0 degrade. */
  double level(int s, int j, long t) {
    long h = (s * 1_000_003L + j) * 0x9E3779B97F4A7C15L ^ t * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 29;
    double noise = ((h & 0xffff) / 65535.0 - 0.5) * 0.06;
    double base = kind(j).equals("histogram") ? 0.05 : 100 + j;
    long minutesToEnd = (end.getEpochSecond() - t) / 60;
    double effect = 1;
    if (j == 0 && s == 1 && minutesToEnd < 20) {
      effect = 5;
    } else if ((j == 0 || j == 9) && s == 0 && minutesToEnd < 18) {
      effect = 3;
    }
    return base * effect * (1 + noise);
  }

  /** One OTLP request per service and hour, all series, in time order. */
  List<List<byte[]>> bodies() {
    List<List<byte[]>> out = new ArrayList<>();
    long startNanos = Otlp.nanos(start.minusSeconds(step));
    for (int s = 0; s < services; s++) {
      List<byte[]> perService = new ArrayList<>();
      double[] cumulative = new double[seriesPer];
      long[][] buckets = new long[seriesPer][BOUNDS.size() + 1];
      for (int hour = 0; hour < hours; hour++) {
        List<Metric> metrics = new ArrayList<>();
        for (int j = 0; j < seriesPer; j++) {
          List<NumberDataPoint> numbers = new ArrayList<>();
          List<HistogramDataPoint> hist = new ArrayList<>();
          for (long t = start.getEpochSecond() + hour * 3600L;
              t < start.getEpochSecond() + (hour + 1) * 3600L;
              t += step) {
            double v = level(s, j, t);
            long nanos = t * 1_000_000_000L;
            switch (kind(j)) {
              case "gauge" ->
                  numbers.add(
                      NumberDataPoint.newBuilder().setTimeUnixNano(nanos).setAsDouble(v).build());
              case "counter" -> {
                cumulative[j] += v * step;
                numbers.add(
                    NumberDataPoint.newBuilder()
                        .setStartTimeUnixNano(startNanos)
                        .setTimeUnixNano(nanos)
                        .setAsDouble(cumulative[j])
                        .build());
              }
              default -> {
                long count = addObservations(buckets[j], v);
                HistogramDataPoint.Builder p =
                    HistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(startNanos)
                        .setTimeUnixNano(nanos)
                        .addAllExplicitBounds(BOUNDS)
                        .setCount(count);
                for (long c : buckets[j]) {
                  p.addBucketCounts(c);
                }
                hist.add(p.build());
              }
            }
          }
          Metric.Builder m = Metric.newBuilder().setName(name(j));
          metrics.add(
              switch (kind(j)) {
                case "gauge" -> m.setGauge(Gauge.newBuilder().addAllDataPoints(numbers)).build();
                case "counter" ->
                    m.setSum(
                            Sum.newBuilder()
                                .setIsMonotonic(true)
                                .setAggregationTemporality(
                                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addAllDataPoints(numbers))
                        .build();
                default ->
                    m.setUnit("s")
                        .setHistogram(
                            Histogram.newBuilder()
                                .setAggregationTemporality(
                                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addAllDataPoints(hist))
                        .build();
              });
        }
        ExportMetricsServiceRequest req = Otlp.request(Otlp.resource(service(s), metrics));
        perService.add(req.toByteArray());
      }
      out.add(perService);
    }
    return out;
  }

  /** Adds one step's observations (exponential, mean {@code level}) to cumulative buckets. */
  static long addObservations(long[] buckets, double level) {
    double previous = 0;
    long count = 0;
    for (int i = 0; i <= BOUNDS.size(); i++) {
      double f = i < BOUNDS.size() ? 1 - Math.exp(-BOUNDS.get(i) / level) : 1;
      buckets[i] += Math.round(OBSERVATIONS * (f - previous));
      previous = f;
      count += buckets[i];
    }
    return count;
  }

  void ingest(MonitoringFixture mon, String key, int senders, String db) throws Exception {
    // db: "comm|tag" of the database's processes (CpuTime.processes), null when it runs in the JVM
    long t0 = System.nanoTime();
    List<List<byte[]>> bodies = bodies();
    System.out.printf(
        Locale.ROOT,
        "built %d OTLP protobuf bodies in %.1f s%n",
        bodies.stream().mapToInt(List::size).sum(),
        (System.nanoTime() - t0) / 1e9);
    long points = (long) services * seriesPer * (hours * 3600L / step);
    AtomicLong failed = new AtomicLong();
    long jvmCpu = CpuTime.jvm();
    long dbCpu = db == null ? 0 : cpu(db);
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < senders; w++) {
        int worker = w;
        futures.add(
            pool.submit(
                () -> {
                  for (int s = worker; s < services; s += senders) {
                    for (byte[] body : bodies.get(s)) {
                      var r = mon.post("/v1/metrics", key, "application/x-protobuf", body);
                      if (r.statusCode() != 200) {
                        failed.incrementAndGet();
                      }
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double jvmSeconds = (CpuTime.jvm() - jvmCpu) / 1e9;
    double dbSeconds = db == null ? 0 : (cpu(db) - dbCpu) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "ingest (%s, %d senders): %,d points in %.1f s = %,.0f points/s (target >= 100,000 on"
            + " PostgreSQL); %d requests failed%n"
            + "  CPU: JVM (server + sender) %.1f s + %s %.1f s = %.1f µs per point%n",
        TestDatabases.kind(),
        senders,
        points,
        seconds,
        points / seconds,
        failed.get(),
        jvmSeconds,
        db == null ? "database (in the JVM)" : db.substring(0, db.indexOf('|')),
        dbSeconds,
        (jvmSeconds + dbSeconds) * 1e6 / points);
  }

  void tools(
      String source,
      MonitoringFixture mon,
      AgentClient client,
      int calls,
      Map<String, Object> largest,
      String backend) {
    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    cases.put("get_system_metrics (all services, 30m)", Map.of());
    cases.put("get_system_metrics (svc-0, 30m)", Map.of("service", "svc-0", "limit", 50));
    cases.put(
        "get_system_metrics (svc-0, " + hours + "h)",
        Map.of("service", "svc-0", "window", hours + "h", "limit", 50));
    cases.put("root_cause_analysis (svc-0, 30m)", Map.of("service", "svc-0"));
    System.out.println(
        "tools over the " + source + " (" + calls + " calls each, after 2 warm-up):");
    for (var c : cases.entrySet()) {
      String tool = c.getKey().substring(0, c.getKey().indexOf(' '));
      int maxChars = 0;
      String first = null;
      List<Double> ms = new ArrayList<>();
      long jvmCpu = 0;
      long backendCpu = 0;
      for (int i = 0; i < calls + 2; i++) {
        if (i == 2) {
          jvmCpu = CpuTime.jvm();
          backendCpu = backend == null ? 0 : cpu(backend);
        }
        long t0 = System.nanoTime();
        McpSchema.CallToolResult r = client.raw(tool, c.getValue());
        double took = (System.nanoTime() - t0) / 1e6;
        String text = AgentClient.text(r);
        if (Boolean.TRUE.equals(r.isError())) {
          System.out.println("  " + c.getKey() + " failed: " + text);
          break;
        }
        maxChars = Math.max(maxChars, text.length());
        if (first == null && tool.equals("root_cause_analysis")) {
          first = text;
        }
        if (i >= 2) {
          ms.add(took);
        }
      }
      if (ms.isEmpty()) {
        continue;
      }
      double jvmMs = (CpuTime.jvm() - jvmCpu) / 1e6 / ms.size();
      double backendMs = backend == null ? 0 : (cpu(backend) - backendCpu) / 1e6 / ms.size();
      ms.sort(null);
      System.out.printf(
          Locale.ROOT,
          "  %-42s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms   result %,6d chars = %,5d tokens%n"
              + "  %-42s CPU per call: JVM %.1f ms + %s %.1f ms%n",
          c.getKey(),
          ms.get(ms.size() / 2),
          ms.get((int) Math.ceil(0.95 * ms.size()) - 1),
          ms.getLast(),
          maxChars,
          maxChars / 4,
          "",
          jvmMs,
          backend == null ? "database (in the JVM)" : backend.substring(0, backend.indexOf('|')),
          backendMs);
      if (first != null) {
        @SuppressWarnings("unchecked")
        var candidates =
            (List<Map<String, Object>>) Json.MAPPER.readValue(first, Map.class).get("candidates");
        System.out.println(
            "    ranking: "
                + candidates.stream()
                    .map(x -> x.get("service") + " " + x.get("confidence"))
                    .toList()
                + " (svc-1 degraded first, svc-0 after it)");
      }
      largest.merge(tool, maxChars, (a, b) -> Math.max((Integer) a, (Integer) b));
    }
  }

  /** CPU of the processes {@code spec} names ("comm|tag"), 0 for null. */
  static long cpu(String spec) {
    if (spec == null) {
      return 0;
    }
    int bar = spec.indexOf('|');
    return CpuTime.processes(spec.substring(0, bar), spec.substring(bar + 1));
  }

  /** The same series as OpenMetrics, family by family, for promtool. */
  void openMetrics(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (int j = 0; j < seriesPer; j++) {
        String family = name(j);
        w.write("# TYPE " + family + " " + kind(j) + "\n");
        for (int s = 0; s < services; s++) {
          String svc = "service=\"" + service(s) + "\"";
          double cumulative = 0;
          long[] buckets = new long[BOUNDS.size() + 1];
          double sum = 0;
          for (long t = start.getEpochSecond(); t < end.getEpochSecond(); t += step) {
            double v = level(s, j, t);
            switch (kind(j)) {
              case "gauge" -> w.write(family + "{" + svc + "} " + v + " " + t + "\n");
              case "counter" -> {
                cumulative += v * step;
                w.write(family + "_total{" + svc + "} " + cumulative + " " + t + "\n");
              }
              default -> {
                addObservations(buckets, v);
                long count = 0;
                for (int i = 0; i <= BOUNDS.size(); i++) {
                  count += buckets[i];
                  String le = i < BOUNDS.size() ? BOUNDS.get(i).toString() : "+Inf";
                  w.write(
                      family + "_bucket{" + svc + ",le=\"" + le + "\"} " + count + " " + t + "\n");
                }
                sum += OBSERVATIONS * v;
                w.write(family + "_count{" + svc + "} " + count + " " + t + "\n");
                w.write(family + "_sum{" + svc + "} " + sum + " " + t + "\n");
              }
            }
          }
        }
      }
      w.write("# EOF\n");
    }
  }

  void prometheus(int calls) throws Exception {
    Path dir = Files.createTempDirectory("monitoring-bench-prom");
    Process prom = null;
    try {
      long t0 = System.nanoTime();
      Path om = dir.resolve("history.om");
      openMetrics(om);
      Process tool =
          new ProcessBuilder(
                  "/usr/bin/promtool",
                  "tsdb",
                  "create-blocks-from",
                  "openmetrics",
                  om.toString(),
                  dir.resolve("data").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("promtool.log").toFile())
              .start();
      if (tool.waitFor() != 0) {
        System.out.println(
            "prometheus: promtool failed:\n" + Files.readString(dir.resolve("promtool.log")));
        return;
      }
      Files.delete(om);
      System.out.printf(
          Locale.ROOT,
          "prometheus: history imported with promtool in %.1f s%n",
          (System.nanoTime() - t0) / 1e9);
      int port;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        port = s.getLocalPort();
      }
      Files.writeString(dir.resolve("prometheus.yml"), "scrape_configs: []\n");
      prom =
          new ProcessBuilder(
                  "/usr/bin/prometheus",
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--storage.tsdb.retention.time=30d",
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      String url = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (true) {
        try {
          if (http.send(
                      HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            break;
          }
        } catch (IOException e) {
          // not up yet
        }
        if (System.nanoTime() > deadline) {
          System.out.println("prometheus: not ready in 120 s");
          return;
        }
        Thread.sleep(250);
      }
      try (MonitoringFixture mon =
          MonitoringFixture.start(
              Map.of("OPSMCP_PROMETHEUS_URL", url, "OPSMCP_PROMETHEUS_TENANT", "bench"))) {
        String key = mon.key("bench");
        catalog(mon.server.baseUrl(), key);
        tools(
            "Prometheus", mon, mon.client(key), calls, new LinkedHashMap<>(), "prometheus|" + dir);
      }
    } finally {
      if (prom != null) {
        prom.destroy();
        prom.waitFor();
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
