package dev.opsmcp.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/load.sh}'s Java side: the mixed load of an incident at rising concurrency until the
 * p99 of its operations passes a limit. Each client holds one MCP session on each of the four
 * servers and runs the mix in a loop: a messaging {@code log_step}; {@code create_incident}, {@code
 * add_timeline_event} on it and {@code list_incidents}; an OTLP/JSON batch of 20 log records and
 * {@code get_raw_logs} of that service; an OTLP/JSON batch of 5 metric points and {@code
 * get_system_metrics} of that service. Every operation is timed; only successful answers (2xx, no
 * {@code isError}) count, failures are counted apart.
 */
final class LoadKnee {
  static final String USAGE =
      """
      usage: LoadKnee --monitoring URL --orchestration URL --log-analytics URL --messaging URL
                      --key KEY [--levels 1,2,4,8,16,32,64] [--seconds 10] [--warmup-seconds 3]
                      [--p99-ms 100] [--initial-warmup-seconds 20] [--pids PID,PID,...]
        URL is a server's base URL (http://127.0.0.1:9001); with the servers' PIDs each level
        also shows their CPU time and the load generator's, per mix. The initial warm-up runs
        the mix untimed with 4 clients first, so that the servers' code is compiled.
      """;
  private static final int SERVICES = 20;
  private static final int LOG_RECORDS = 20;
  private static final Pattern INCIDENT_REF = Pattern.compile("\"ref\":\"(INC-[0-9]+)\"");
  private static final List<String> OPS =
      List.of(
          "log_step",
          "create_incident",
          "add_timeline_event",
          "list_incidents",
          "POST /v1/logs",
          "get_raw_logs",
          "POST /v1/metrics",
          "get_system_metrics");

  private LoadKnee() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Bench.options(Arrays.asList(args), USAGE);
    Map<String, URI> servers = new LinkedHashMap<>();
    for (String server : List.of("monitoring", "orchestration", "log-analytics", "messaging")) {
      servers.put(server, URI.create(Bench.required(options, "--" + server, USAGE)));
    }
    String key = Bench.required(options, "--key", USAGE);
    int[] levels =
        Arrays.stream(options.getOrDefault("--levels", "1,2,4,8,16,32,64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--seconds", "10")));
    Duration warmup =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("--warmup-seconds", "3")));
    double limitMs = Double.parseDouble(options.getOrDefault("--p99-ms", "100"));
    Duration initialWarmup =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("--initial-warmup-seconds", "20")));
    List<ProcessHandle> pids =
        options.containsKey("--pids")
            ? Arrays.stream(options.get("--pids").split(","))
                .map(p -> ProcessHandle.of(Long.parseLong(p)).orElseThrow())
                .toList()
            : List.of();

    System.out.printf(
        "%8s %9s %9s %9s %9s %8s  %-28s %12s %12s%n",
        "clients",
        "mixes/s",
        "ops/s",
        "p50_ms",
        "p99_ms",
        "failed",
        "slowest op (its p99 ms)",
        "server_ms/mix",
        "bench_ms/mix");
    level(servers, key, 4, initialWarmup, Duration.ZERO, List.of());
    Result previous = null;
    for (int clients : levels) {
      Result r = level(servers, key, clients, warmup, measure, pids);
      System.out.printf(
          "%8d %9.1f %9.1f %9.1f %9.1f %8d  %-28s %12s %12s%n",
          clients,
          r.mixesPerSecond(),
          r.opsPerSecond(),
          r.all.p50Millis(),
          r.all.p99Millis(),
          r.failed,
          r.slowestOp(),
          r.serverCpuMs < 0 ? "-" : String.format("%.2f", r.serverCpuMs / Math.max(1, r.mixes)),
          String.format("%.2f", r.benchCpuMs / Math.max(1, r.mixes)));
      if (r.firstError != null) {
        System.out.println("  first failure: " + r.firstError);
      }
      if (r.all.p99Millis() > limitMs) {
        System.out.printf(
            "knee: p99 passed %.0f ms at %d clients (%.1f ms)%s%n",
            limitMs,
            clients,
            r.all.p99Millis(),
            previous == null
                ? ""
                : String.format(
                    "; the last level under it, %d clients: %.1f mixes/s (%.1f ops/s), p99 %.1f"
                        + " ms",
                    previous.clients,
                    previous.mixesPerSecond(),
                    previous.opsPerSecond(),
                    previous.all.p99Millis()));
        return;
      }
      previous = r;
    }
    System.out.printf(
        "no knee: p99 stayed under %.0f ms up to %d clients%n", limitMs, levels[levels.length - 1]);
  }

  private static Result level(
      Map<String, URI> servers,
      String key,
      int clients,
      Duration warmup,
      Duration measure,
      List<ProcessHandle> pids)
      throws Exception {
    List<HttpClient> https = new ArrayList<>();
    for (int i = 0; i < Math.min(clients, 4); i++) {
      https.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }
    List<Client> workers = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        HttpClient http = https.get(i % https.size());
        Map<String, McpSession> sessions = new LinkedHashMap<>();
        for (var e : servers.entrySet()) {
          sessions.put(e.getKey(), McpSession.open(http, e.getValue().resolve("/mcp"), key));
        }
        workers.add(new Client(i, http, servers, key, sessions));
      }
      long start = System.nanoTime() + warmup.toNanos();
      long end = start + measure.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (Client w : workers) {
        w.window(start, end);
        threads.add(Thread.ofPlatform().name("load-client").start(w));
      }
      sleepUntil(start);
      long serverBefore = cpu(pids);
      long benchBefore = cpu(List.of(ProcessHandle.current()));
      sleepUntil(end);
      long serverAfter = cpu(pids);
      long benchAfter = cpu(List.of(ProcessHandle.current()));
      for (Thread t : threads) {
        t.join();
      }
      return Result.of(
          clients,
          workers,
          measure.toNanos() / 1e9,
          pids.isEmpty() ? -1 : (serverAfter - serverBefore) / 1e6,
          (benchAfter - benchBefore) / 1e6);
    } finally {
      workers.forEach(w -> w.sessions.values().forEach(McpSession::close));
      https.forEach(HttpClient::close);
    }
  }

  private static long cpu(List<ProcessHandle> processes) {
    long total = 0;
    for (ProcessHandle p : processes) {
      total += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return total;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }

  /** One simulated agent: runs the mix until the window ends, timing each operation in it. */
  private static final class Client implements Runnable {
    private final int n;
    private final HttpClient http;
    private final Map<String, URI> servers;
    private final String authorization;
    final Map<String, McpSession> sessions;
    final Map<String, Samples> samples = new ConcurrentHashMap<>();
    final AtomicLong mixes = new AtomicLong();
    long failed;
    String firstError;
    private long measureStart;
    private long measureEnd;
    private int cycle;

    Client(
        int n,
        HttpClient http,
        Map<String, URI> servers,
        String key,
        Map<String, McpSession> sessions) {
      this.n = n;
      this.http = http;
      this.servers = servers;
      this.authorization = "Bearer " + key;
      this.sessions = sessions;
    }

    void window(long start, long end) {
      this.measureStart = start;
      this.measureEnd = end;
    }

    @Override
    public void run() {
      while (System.nanoTime() < measureEnd) {
        long mixStart = System.nanoTime();
        boolean ok = mix();
        if (ok && mixStart >= measureStart && System.nanoTime() <= measureEnd) {
          mixes.incrementAndGet();
        }
        cycle++;
      }
    }

    /** One pass of the mix; false if an operation failed. */
    private boolean mix() {
      String service = "load-svc-" + ((n + cycle) % SERVICES);
      String[] incident = new String[1];
      return op(
              "log_step",
              () ->
                  sessions
                      .get("messaging")
                      .callTool("log_step", "{\"step\":\"checked " + service + "\"}"))
          && op(
              "create_incident",
              () -> {
                String answer =
                    sessions
                        .get("orchestration")
                        .callTool(
                            "create_incident",
                            "{\"title\":\"load "
                                + n
                                + "-"
                                + cycle
                                + "\",\"severity\":\"SEV3\",\"services\":[\""
                                + service
                                + "\"]}");
                Matcher m = INCIDENT_REF.matcher(answer);
                if (!m.find()) {
                  throw new IOException("create_incident answered no ref: " + answer);
                }
                incident[0] = m.group(1);
              })
          && op(
              "add_timeline_event",
              () ->
                  sessions
                      .get("orchestration")
                      .callTool(
                          "add_timeline_event",
                          "{\"incident_id\":\""
                              + incident[0]
                              + "\",\"kind\":\"finding\",\"text\":\"error rate up on "
                              + service
                              + "\"}"))
          && op(
              "list_incidents",
              () -> sessions.get("orchestration").callTool("list_incidents", "{\"limit\":20}"))
          && op("POST /v1/logs", () -> post("log-analytics", "/v1/logs", logs(service)))
          && op(
              "get_raw_logs",
              () ->
                  sessions
                      .get("log-analytics")
                      .callTool(
                          "get_raw_logs",
                          "{\"service_filter\":\""
                              + service
                              + "\",\"window\":\"15m\",\"limit\":50}"))
          && op("POST /v1/metrics", () -> post("monitoring", "/v1/metrics", metrics(service)))
          && op(
              "get_system_metrics",
              () ->
                  sessions
                      .get("monitoring")
                      .callTool(
                          "get_system_metrics",
                          "{\"service\":\"" + service + "\",\"window\":\"30m\"}"));
    }

    private boolean op(String name, Call call) {
      long start = System.nanoTime();
      try {
        call.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        if (start >= measureStart && start < measureEnd) {
          failed++;
          firstError = firstError == null ? name + ": " + e.getMessage() : firstError;
        }
        return false;
      }
      long end = System.nanoTime();
      if (start >= measureStart && end <= measureEnd) {
        samples.computeIfAbsent(name, k -> new Samples()).add(end - start);
      }
      return true;
    }

    private void post(String server, String path, String json)
        throws IOException, InterruptedException {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(servers.get(server).resolve(path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", authorization)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // OTLP partial success (a 200 naming rejected points) is a failure here too.
      if (response.statusCode() / 100 != 2 || response.body().contains("rejected")) {
        throw new IOException(path + ": HTTP " + response.statusCode() + " " + response.body());
      }
    }

    private String logs(String service) {
      long now = Instant.now().toEpochMilli() * 1_000_000L;
      StringBuilder records = new StringBuilder();
      for (int i = 0; i < LOG_RECORDS; i++) {
        records
            .append(i == 0 ? "" : ",")
            .append("{\"timeUnixNano\":\"")
            .append(now + i)
            .append("\",\"severityText\":\"")
            .append(i % 10 == 0 ? "ERROR" : "INFO")
            .append("\",\"body\":{\"stringValue\":\"GET /api/orders/")
            .append(cycle * LOG_RECORDS + i)
            .append(" 200 in ")
            .append(10 + i)
            .append("ms\"}}");
      }
      return resource("resourceLogs", service)
          + "\"scopeLogs\":[{\"logRecords\":["
          + records
          + "]}]}]}";
    }

    private String metrics(String service) {
      long now = Instant.now().toEpochMilli() * 1_000_000L;
      StringBuilder metrics = new StringBuilder();
      String[] names = {
        "http.server.request.duration.p99",
        "http.server.error.ratio",
        "process.cpu.utilization",
        "process.memory.usage",
        "http.server.requests.rate"
      };
      for (int i = 0; i < names.length; i++) {
        metrics
            .append(i == 0 ? "" : ",")
            .append("{\"name\":\"")
            .append(names[i])
            .append("\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"")
            .append(now)
            .append("\",\"asDouble\":")
            .append(1 + (cycle % 7) * 0.5)
            .append("}]}}");
      }
      return resource("resourceMetrics", service)
          + "\"scopeMetrics\":[{\"metrics\":["
          + metrics
          + "]}]}]}";
    }

    private static String resource(String field, String service) {
      return "{\""
          + field
          + "\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
          + "{\"stringValue\":\""
          + service
          + "\"}}]},";
    }
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  /** A level's figures: every counted operation's latency and each operation's own. */
  private record Result(
      int clients,
      long mixes,
      Measurement all,
      Map<String, Measurement> byOp,
      long failed,
      String firstError,
      double seconds,
      double serverCpuMs,
      double benchCpuMs) {
    static Result of(
        int clients, List<Client> workers, double seconds, double serverCpuMs, double benchCpuMs) {
      Map<String, Measurement> byOp = new LinkedHashMap<>();
      for (String op : OPS) {
        long[] all =
            workers.stream()
                .map(w -> w.samples.get(op))
                .filter(s -> s != null)
                .flatMapToLong(s -> Arrays.stream(s.toArray()))
                .sorted()
                .toArray();
        byOp.put(op, new Measurement(clients, all, 0, seconds, -1));
      }
      long[] every =
          byOp.values().stream()
              .flatMapToLong(m -> Arrays.stream(m.latencies()))
              .sorted()
              .toArray();
      long failed = workers.stream().mapToLong(w -> w.failed).sum();
      String first =
          workers.stream().map(w -> w.firstError).filter(e -> e != null).findFirst().orElse(null);
      long mixes = workers.stream().mapToLong(w -> w.mixes.get()).sum();
      return new Result(
          clients,
          mixes,
          new Measurement(clients, every, failed, seconds, -1),
          byOp,
          failed,
          first,
          seconds,
          serverCpuMs,
          benchCpuMs);
    }

    double mixesPerSecond() {
      return mixes / seconds;
    }

    double opsPerSecond() {
      return all.callsPerSecond();
    }

    String slowestOp() {
      return byOp.entrySet().stream()
          .max((a, b) -> Double.compare(a.getValue().p99Millis(), b.getValue().p99Millis()))
          .map(e -> String.format("%s (%.1f)", e.getKey(), e.getValue().p99Millis()))
          .orElse("-");
    }
  }
}
