package dev.opsmcp.monitoring.metrics;

import com.sun.management.OperatingSystemMXBean;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.job.BackgroundJob;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the server's own host every {@code OPSMCP_HOST_METRICS_INTERVAL} seconds (default 15)
 * into the built-in store as service {@code host:<hostname>} of tenant {@code
 * OPSMCP_HOST_METRICS_TENANT} (default {@code default}), through the same OTLP mapping and writer
 * as {@code /v1/metrics}: CPU utilization (from {@code /proc/stat} deltas), memory used and
 * available ({@code /proc/meminfo}), load averages ({@code /proc/loadavg}), the root filesystem's
 * use and the data directory's (JDK {@link FileStore}), network bytes received and sent by every
 * interface but {@code lo} ({@code /proc/net/dev}, cumulative, stored as rates), and the JVM's CPU,
 * heap and threads. Off with {@code OPSMCP_HOST_METRICS=false}. A {@link BackgroundJob}: the host
 * runs it once the server is bound and stops it when the server closes; each replica samples its
 * own host, so no pass is claimed.
 */
public final class HostMetrics implements BackgroundJob {
  private static final Logger LOG = LoggerFactory.getLogger(HostMetrics.class);

  public record Settings(boolean enabled, Duration interval, String tenant) {
    public static Settings fromEnv(Env env) {
      return new Settings(
          env.bool("OPSMCP_HOST_METRICS", true),
          env.seconds("OPSMCP_HOST_METRICS_INTERVAL", Duration.ofSeconds(15)),
          env.get("OPSMCP_HOST_METRICS_TENANT", "default").strip());
    }
  }

  private final MetricWriter writer;
  private final Settings settings;
  private final String service;
  private final List<Path> filesystems;
  private final Instant started = Instant.now();
  private long[] lastCpu; // only the job's one thread reads and writes it

  public HostMetrics(Database db, MetricSettings metrics, Settings settings, Path dataDir) {
    this.writer = new MetricWriter(db, metrics.maxSeriesPerService());
    this.settings = settings;
    this.service = "host:" + hostname();
    this.filesystems = dataDir == null ? List.of(Path.of("/")) : List.of(Path.of("/"), dataDir);
  }

  public String service() {
    return service;
  }

  /** Whether {@code OPSMCP_HOST_METRICS} is on (register the job only then). */
  public boolean enabled() {
    return settings.enabled();
  }

  @Override
  public String name() {
    return "host-metrics";
  }

  @Override
  public Duration period() {
    return settings.interval();
  }

  @Override
  public Duration firstDelay() {
    return Duration.ZERO;
  }

  /** One sample of the host, written to the store. */
  @Override
  public void run() {
    Instant now = Instant.now();
    var mapped = OtlpMetricsMapping.map(request(now));
    var outcome = writer.write(settings.tenant(), mapped.samples(), now);
    if (outcome.rejected() > 0) {
      LOG.warn("host metrics: {} points refused: {}", outcome.rejected(), outcome.reasons());
    }
  }

  ExportMetricsServiceRequest request(Instant now) {
    long t = nanos(now);
    List<Metric> out = new ArrayList<>();
    long[] cpu = cpu();
    if (cpu != null && lastCpu != null && cpu[0] > lastCpu[0]) {
      double busy = 1 - (double) (cpu[1] - lastCpu[1]) / (cpu[0] - lastCpu[0]);
      out.add(gauge("system.cpu.utilization", "1", t, Math.max(0, busy), Map.of()));
    }
    if (cpu != null) {
      lastCpu = cpu;
    }
    Map<String, Long> mem = meminfo();
    Long total = mem.get("MemTotal");
    Long available = mem.get("MemAvailable");
    if (total != null && available != null) {
      out.add(gauge("system.memory.usage", "By", t, total - available, Map.of("state", "used")));
      out.add(gauge("system.memory.usage", "By", t, available, Map.of("state", "available")));
      out.add(gauge("system.memory.utilization", "1", t, 1 - (double) available / total, Map.of()));
    }
    String[] load = read("/proc/loadavg").split("\\s+");
    if (load.length >= 3) {
      String[] names = {"1m", "5m", "15m"};
      for (int i = 0; i < 3; i++) {
        out.add(
            gauge(
                "system.cpu.load_average." + names[i],
                "1",
                t,
                Double.parseDouble(load[i]),
                Map.of()));
      }
    }
    for (Path p : filesystems) {
      try {
        FileStore fs = Files.getFileStore(p);
        long size = fs.getTotalSpace();
        long free = fs.getUsableSpace();
        Map<String, String> where = Map.of("mountpoint", p.toString());
        out.add(gauge("system.filesystem.usage", "By", t, size - free, with(where, "used")));
        out.add(gauge("system.filesystem.usage", "By", t, free, with(where, "free")));
        if (size > 0) {
          out.add(gauge("system.filesystem.utilization", "1", t, 1 - (double) free / size, where));
        }
      } catch (IOException e) {
        // a data directory not created yet: nothing to report for it
      }
    }
    long[] net = network();
    if (net != null) {
      out.add(counter("system.network.io", t, net[0], Map.of("direction", "receive")));
      out.add(counter("system.network.io", t, net[1], Map.of("direction", "transmit")));
    }
    var os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    double process = os.getProcessCpuLoad();
    if (process >= 0) {
      out.add(gauge("process.cpu.utilization", "1", t, process, Map.of()));
    }
    out.add(
        gauge(
            "process.runtime.jvm.memory.used",
            "By",
            t,
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
            Map.of("type", "heap")));
    out.add(
        gauge(
            "process.runtime.jvm.threads.count",
            "{thread}",
            t,
            ManagementFactory.getThreadMXBean().getThreadCount(),
            Map.of()));
    Resource resource =
        Resource.newBuilder()
            .addAttributes(attr("service.name", service))
            .addAttributes(attr("host.name", service.substring("host:".length())))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(out)))
        .build();
  }

  private static Map<String, String> with(Map<String, String> labels, String state) {
    Map<String, String> m = new java.util.TreeMap<>(labels);
    m.put("state", state);
    return m;
  }

  private static Metric gauge(
      String name, String unit, long t, double v, Map<String, String> labels) {
    return Metric.newBuilder()
        .setName(name)
        .setUnit(unit)
        .setGauge(Gauge.newBuilder().addDataPoints(point(t, v, labels)))
        .build();
  }

  private Metric counter(String name, long t, double v, Map<String, String> labels) {
    return Metric.newBuilder()
        .setName(name)
        .setUnit("By")
        .setSum(
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(
                    point(t, v, labels).toBuilder().setStartTimeUnixNano(nanos(started))))
        .build();
  }

  private static NumberDataPoint point(long t, double v, Map<String, String> labels) {
    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsDouble(v);
    labels.forEach((k, val) -> p.addAttributes(attr(k, val)));
    return p.build();
  }

  private static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  /** {total, idle + iowait} jiffies of all CPUs, or null without /proc/stat. */
  private static long[] cpu() {
    String first = read("/proc/stat").lines().findFirst().orElse("");
    String[] f = first.split("\\s+");
    if (f.length < 9 || !f[0].equals("cpu")) {
      return null;
    }
    long total = 0;
    for (int i = 1; i <= 8; i++) {
      total += Long.parseLong(f[i]);
    }
    return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
  }

  /** /proc/meminfo in bytes. */
  private static Map<String, Long> meminfo() {
    Map<String, Long> out = new java.util.HashMap<>();
    read("/proc/meminfo")
        .lines()
        .forEach(
            l -> {
              String[] f = l.split("[:\\s]+");
              if (f.length >= 2) {
                try {
                  out.put(f[0], Long.parseLong(f[1]) * (f.length > 2 ? 1024 : 1));
                } catch (NumberFormatException e) {
                  // not a number line
                }
              }
            });
    return out;
  }

  /** {received, transmitted} bytes of every interface but lo, or null without /proc/net/dev. */
  private static long[] network() {
    List<String> lines = read("/proc/net/dev").lines().skip(2).toList();
    if (lines.isEmpty()) {
      return null;
    }
    long rx = 0;
    long tx = 0;
    for (String l : lines) {
      String[] parts = l.strip().split(":", 2);
      if (parts.length < 2 || parts[0].strip().equals("lo")) {
        continue;
      }
      String[] f = parts[1].strip().split("\\s+");
      if (f.length >= 9) {
        rx += Long.parseLong(f[0]);
        tx += Long.parseLong(f[8]);
      }
    }
    return new long[] {rx, tx};
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String hostname() {
    String name = read("/etc/hostname").strip();
    if (name.isEmpty()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        name = "localhost";
      }
    }
    String clean = name.replaceAll("[^A-Za-z0-9._:@-]", "-");
    return clean.length() > 190 ? clean.substring(0, 190) : clean;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
