package dev.opsmcp.loganalytics.bench;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;

/**
 * The log-analytics benchmarks (bench/log-analytics.sh): OTLP/JSON ingest vs plain COPY,
 * get_raw_logs latency over millions of stored rows, and sandbox overhead. Prints figures; asserts
 * nothing.
 */
public final class LogAnalyticsBench {
  private static final DateTimeFormatter COPY_TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
  private static final String TRACE = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN = "eee19b7ec3c1b174";

  private LogAnalyticsBench() {}

  public static void main(String[] args) throws Exception {
    int ingestRecords = Integer.parseInt(System.getProperty("bench.ingest", "300000"));
    int storedRows = Integer.parseInt(System.getProperty("bench.rows", "5000000"));
    int senders = Integer.parseInt(System.getProperty("bench.senders", "4"));
    if (TestDatabases.kind() != DatabaseKind.POSTGRESQL) {
      throw new IllegalStateException("set OPSMCP_TEST_DATABASE_URL to a PostgreSQL server");
    }
    Database db = TestDatabases.fresh();
    Files.setPosixFilePermissions(
        db.config().dataDir(), PosixFilePermissions.fromString("rwx--x--x"));
    try (TestServer server = TestServer.start(LogAnalyticsServer.SPEC, ownSettings(), db, true)) {
      ingest(server, ingestRecords, senders);
      query(server, storedRows);
      sandbox(server);
    }
    System.exit(0); // the SDK leaves a non-daemon session sweeper thread behind
  }

  /** The log-analytics settings of the bench's own environment (sandbox limits, ingest caps). */
  private static Map<String, String> ownSettings() {
    Map<String, String> own = new java.util.HashMap<>();
    System.getenv()
        .forEach(
            (name, value) -> {
              if (name.startsWith("OPSMCP_ANALYSIS_")
                  || name.startsWith("OPSMCP_BWRAP")
                  || name.startsWith("OPSMCP_INGEST_")
                  || name.startsWith("OPSMCP_LOG_")) {
                own.put(name, value);
              }
            });
    return own;
  }

  // ---- ingest: OTLP/JSON over HTTP vs plain COPY of the same rows into the same table ----

  static String otlpBatch(int batch, long baseNanos, int n) {
    StringBuilder sb = new StringBuilder(n * 420);
    sb.append("{\"resourceLogs\":[{\"resource\":{\"attributes\":[")
        .append("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc-")
        .append(batch % 20)
        .append("\"}},{\"key\":\"host.name\",\"value\":{\"stringValue\":\"node-7\"}}]},")
        .append("\"scopeLogs\":[{\"scope\":{\"name\":\"bench\"},\"logRecords\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"timeUnixNano\":\"")
          .append(baseNanos + i * 1000L)
          .append("\",\"severityNumber\":")
          .append(i % 10 == 0 ? 17 : 9)
          .append(",\"body\":{\"stringValue\":\"request ")
          .append(batch)
          .append('-')
          .append(i)
          .append(" GET /api/v1/orders/12345 took 87ms status=200 user=u-42 region=eu-west-1\"},")
          .append("\"attributes\":[{\"key\":\"http.method\",\"value\":{\"stringValue\":\"GET\"}},")
          .append("{\"key\":\"http.status_code\",\"value\":{\"intValue\":\"200\"}}],")
          .append("\"traceId\":\"")
          .append(TRACE)
          .append("\",\"spanId\":\"")
          .append(SPAN)
          .append("\"}");
    }
    return sb.append("]}]}]}").toString();
  }

  static void ingest(TestServer server, int records, int senders) throws Exception {
    String key = server.newKey("bench", Scope.LOGS_WRITE, Scope.LOGS_READ, Scope.ANALYSIS_RUN);
    int batchSize = 1000;
    int batches = records / batchSize;
    long base = Instant.now().minus(2, ChronoUnit.DAYS).toEpochMilli() * 1_000_000L;
    List<byte[]> bodies = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      bodies.add(otlpBatch(b, base + b * 10_000_000L, batchSize).getBytes(StandardCharsets.UTF_8));
    }
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create(server.baseUrl() + "/v1/logs");
    // warm-up (JIT), not counted
    for (int i = 0; i < Math.min(30, batches); i++) {
      post(http, uri, key, bodies.get(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (byte[] body : bodies) {
      fs.add(pool.submit(() -> post(http, uri, key, body)));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    double otlpSeconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    double otlpRate = batches * batchSize / otlpSeconds;

    // The same rows as plain COPY text, built beforehand so only COPY is timed.
    StringBuilder copy = new StringBuilder(records * 300);
    for (int b = 0; b < batches; b++) {
      for (int i = 0; i < batchSize; i++) {
        long nanos = base + b * 10_000_000L + i * 1000L;
        copy.append("bench\tsvc-")
            .append(b % 20)
            .append('\t')
            .append(COPY_TS.format(Instant.ofEpochSecond(0, nanos)))
            .append('\t')
            .append(i % 10 == 0 ? 17 : 9)
            .append('\t')
            .append(i % 10 == 0 ? "ERROR" : "INFO")
            .append("\trequest ")
            .append(b)
            .append('-')
            .append(i)
            .append(" GET /api/v1/orders/12345 took 87ms status=200 user=u-42 region=eu-west-1\t")
            .append(
                "{\"http.method\":\"GET\",\"http.status_code\":200,\"resource.host.name\":\"node-7\"}")
            .append('\t')
            .append(TRACE)
            .append('\t')
            .append(SPAN)
            .append('\n');
      }
    }
    byte[] copyBytes = copy.toString().getBytes(StandardCharsets.UTF_8);
    long t1 = System.nanoTime();
    try (Connection c = server.db().dataSource().getConnection()) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY log_record (tenant_id, service, ts, severity_number, level, body, attributes,"
                  + " trace_id, span_id) FROM STDIN",
              new java.io.ByteArrayInputStream(copyBytes));
    }
    double copySeconds = (System.nanoTime() - t1) / 1e9;
    double copyRate = batches * batchSize / copySeconds;
    System.out.printf(
        "ingest: OTLP/JSON over HTTP %,d records in %.2f s = %,.0f records/s (%d senders, batches"
            + " of %d)%n",
        batches * batchSize, otlpSeconds, otlpRate, senders, batchSize);
    System.out.printf(
        "ingest: plain COPY of the same rows into the same table: %.2f s = %,.0f records/s%n",
        copySeconds, copyRate);
    System.out.printf("ingest: OTLP/JSON / COPY = %.0f%%%n", 100 * otlpRate / copyRate);
  }

  static void post(HttpClient http, URI uri, String key, byte[] body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + key)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- get_raw_logs over millions of stored rows ----

  static void query(TestServer server, int rows) throws Exception {
    int services = 20;
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(1, ChronoUnit.DAYS);
    long spanMicros = ChronoUnit.MICROS.between(start, end);
    long t0 = System.nanoTime();
    int chunk = 250_000;
    for (int done = 0; done < rows; done += chunk) {
      StringBuilder sb = new StringBuilder(chunk * 200);
      for (int i = done; i < Math.min(rows, done + chunk); i++) {
        Instant ts = start.plus(spanMicros * (long) i / rows, ChronoUnit.MICROS);
        sb.append("q\tsvc-")
            .append(i % services)
            .append('\t')
            .append(COPY_TS.format(ts))
            .append('\t')
            .append(i % 10 == 0 ? 17 : 9)
            .append('\t')
            .append(i % 10 == 0 ? "ERROR" : "INFO")
            .append("\trequest ")
            .append(i)
            .append(" GET /api/v1/orders took 87ms status=200\t{\"http.status_code\":200}\t")
            .append(TRACE)
            .append('\t')
            .append(SPAN)
            .append('\n');
      }
      try (Connection c = server.db().dataSource().getConnection()) {
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY log_record (tenant_id, service, ts, severity_number, level, body,"
                    + " attributes, trace_id, span_id) FROM STDIN",
                new java.io.ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
      }
    }
    try (Connection c = server.db().dataSource().getConnection()) {
      // the steady state autovacuum reaches after a bulk load: visibility map set, statistics fresh
      c.createStatement().execute("VACUUM ANALYZE log_record");
    }
    System.out.printf(
        "query: loaded %,d rows (tenant q, %d services, 24 h) in %.1f s%n",
        rows, services, (System.nanoTime() - t0) / 1e9);
    McpSyncClient client = server.streamableClient(server.newKey("q", Scope.LOGS_READ));
    Random random = new Random(42);
    List<Long> micros = new ArrayList<>();
    long matched = 0;
    for (int i = 0; i < 130; i++) {
      Instant from = start.plus(random.nextInt(24 * 60 - 15), ChronoUnit.MINUTES);
      long t = System.nanoTime();
      McpSchema.CallToolResult r =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "get_raw_logs",
                  Map.of(
                      "service_filter", "svc-" + random.nextInt(services),
                      "start", from.toString(),
                      "end", from.plus(15, ChronoUnit.MINUTES).toString())));
      long took = (System.nanoTime() - t) / 1000;
      if (Boolean.TRUE.equals(r.isError())) {
        throw new IllegalStateException(r.content().toString());
      }
      if (i >= 30) { // first 30 warm up
        micros.add(took);
        matched += ((Number) ((Map<?, ?>) r.structuredContent()).get("total")).longValue();
      }
    }
    Collections.sort(micros);
    System.out.printf(
        "query: get_raw_logs, 15-minute window of one service, %,d rows stored: p50 %.1f ms, p95"
            + " %.1f ms over %d calls (avg %,d matches, each call also writes the match set to"
            + " its log data file)%n",
        rows,
        micros.get(micros.size() / 2) / 1000.0,
        micros.get((int) (micros.size() * 0.95)) / 1000.0,
        micros.size(),
        matched / micros.size());
    client.closeGracefully();
  }

  // ---- sandbox overhead ----

  static void sandbox(TestServer server) throws Exception {
    McpSyncClient client =
        server.streamableClient(server.newKey("sb", Scope.ANALYSIS_RUN, Scope.LOGS_READ));
    List<Long> jailed = new ArrayList<>();
    List<Long> toolCall = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      long t = System.nanoTime();
      Map<?, ?> run = run(client, Map.of("code", "print(1)"));
      toolCall.add((System.nanoTime() - t) / 1_000_000);
      jailed.add(((Number) run.get("duration_ms")).longValue());
    }
    List<Long> plain = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      long t = System.nanoTime();
      Process p = new ProcessBuilder("/usr/bin/python3", "-I", "-B", "-c", "print(1)").start();
      p.getInputStream().readAllBytes();
      p.waitFor();
      plain.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.printf(
        "sandbox: print(1) jailed %d ms (process start to exit, median) vs plain python3 %d ms:"
            + " overhead %d ms; whole execute_analysis_script call %d ms median%n",
        median(jailed), median(plain), median(jailed) - median(plain), median(toolCall));

    // a 100,000-line analysis: the same script over the same log data file, jailed and plain
    String key = server.newKey("sb", Scope.LOGS_WRITE);
    Instant base = Instant.now().minus(30, ChronoUnit.MINUTES);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      lines
          .append("{\"ts\":\"")
          .append(base.plusMillis(i * 10L))
          .append("\",\"service\":\"svc-")
          .append(i % 7)
          .append("\",\"level\":\"")
          .append(i % 10 == 0 ? "ERROR" : "INFO")
          .append("\",\"message\":\"request ")
          .append(i)
          .append(" GET /api/orders took ")
          .append(i % 500)
          .append("ms\"}\n");
      if ((i + 1) % 25_000 == 0) {
        post(
            HttpClient.newHttpClient(),
            URI.create(server.baseUrl() + "/api/v1/logs"),
            key,
            lines.toString().getBytes(StandardCharsets.UTF_8));
        lines.setLength(0);
      }
    }
    Map<?, ?> page =
        (Map<?, ?>)
            client
                .callTool(
                    new McpSchema.CallToolRequest(
                        "get_raw_logs", Map.of("timeframe", "1h", "limit", 1)))
                .structuredContent();
    String data = (String) page.get("log_data_path");
    String script =
        """
        import json, collections, re
        rows = json.load(open('input.json'))
        levels = collections.Counter(r['level'] for r in rows)
        slow = collections.Counter(r['service'] for r in rows
                                   if int(re.search(r'took (\\d+)ms', r['message']).group(1)) > 400)
        json.dump({'n': len(rows), 'levels': levels, 'slow': slow}, open('out/result.json', 'w'))
        print(len(rows))
        """;
    List<Long> jailedBig = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<?, ?> run = run(client, Map.of("code", script, "log_data_path", data));
      if (!"100000\n".equals(run.get("stdout"))) {
        throw new IllegalStateException("unexpected run: " + run);
      }
      jailedBig.add(((Number) run.get("duration_ms")).longValue());
    }
    Path dir = Files.createTempDirectory("bench-plain");
    Files.createDirectory(dir.resolve("out"));
    Files.createSymbolicLink(
        dir.resolve("input.json"),
        server.db().config().dataDir().resolve("analytics/sb").resolve(data));
    Files.writeString(dir.resolve("analysis.py"), script);
    List<Long> plainBig = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      Process p =
          new ProcessBuilder("/usr/bin/python3", "-I", "-B", "analysis.py")
              .directory(dir.toFile())
              .start();
      p.getInputStream().readAllBytes();
      p.waitFor();
      plainBig.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.printf(
        "sandbox: 100,000-line analysis jailed %d ms vs plain python3 %d ms (median of 3)%n",
        median(jailedBig), median(plainBig));
    client.closeGracefully();
  }

  static Map<?, ?> run(McpSyncClient client, Map<String, Object> args) {
    McpSchema.CallToolResult r =
        client.callTool(new McpSchema.CallToolRequest("execute_analysis_script", args));
    Map<?, ?> run = (Map<?, ?>) r.structuredContent();
    if (Boolean.TRUE.equals(r.isError()) || !"ok".equals(run.get("status"))) {
      throw new IllegalStateException("run failed: " + r.content());
    }
    return run;
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
