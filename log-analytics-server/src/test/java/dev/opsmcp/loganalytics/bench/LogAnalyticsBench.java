package dev.opsmcp.loganalytics.bench;

import com.google.protobuf.ByteString;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
import java.util.HexFormat;
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

  public static void main(String[] args) {
    try {
      run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1); // the SDK's non-daemon threads would keep the JVM alive
    }
  }

  private static void run() throws Exception {
    int ingestRecords = Integer.parseInt(System.getProperty("bench.ingest", "300000"));
    int storedRows = Integer.parseInt(System.getProperty("bench.rows", "5000000"));
    int senders = Integer.parseInt(System.getProperty("bench.senders", "4"));
    boolean skipSandbox = Boolean.getBoolean("bench.noSandbox");
    System.out.println(
        "database: "
            + (TestDatabases.kind() == DatabaseKind.POSTGRESQL
                ? "PostgreSQL (OPSMCP_TEST_DATABASE_URL)"
                : "embedded H2"));
    Database db = TestDatabases.fresh();
    Files.setPosixFilePermissions(
        db.config().dataDir(), PosixFilePermissions.fromString("rwx--x--x"));
    try (TestServer server = TestServer.start(LogAnalyticsServer.SPEC, ownSettings(), db, true)) {
      ingest(server, ingestRecords, senders);
      query(server, storedRows);
      if (!skipSandbox) {
        sandbox(server);
      }
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

  // ---- ingest: OTLP protobuf and JSON over HTTP vs plain COPY of the same rows, same table ----

  static final String BODY_TAIL =
      " GET /api/v1/orders/12345 took 87ms status=200 user=u-42 region=eu-west-1";

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
          .append(BODY_TAIL)
          .append("\"},")
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

  /** The same batch as {@link #otlpBatch}, as binary protobuf. */
  static byte[] otlpProtobuf(int batch, long baseNanos, int n) {
    HexFormat hex = HexFormat.of();
    ByteString trace = ByteString.copyFrom(hex.parseHex(TRACE));
    ByteString span = ByteString.copyFrom(hex.parseHex(SPAN));
    ScopeLogs.Builder scope =
        ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench"));
    for (int i = 0; i < n; i++) {
      scope.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(baseNanos + i * 1000L)
              .setSeverityNumberValue(i % 10 == 0 ? 17 : 9)
              .setBody(str("request " + batch + "-" + i + BODY_TAIL))
              .addAttributes(kv("http.method", str("GET")))
              .addAttributes(kv("http.status_code", AnyValue.newBuilder().setIntValue(200).build()))
              .setTraceId(trace)
              .setSpanId(span));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", str("svc-" + batch % 20)))
                        .addAttributes(kv("host.name", str("node-7"))))
                .addScopeLogs(scope))
        .build()
        .toByteArray();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** What one timed phase cost: wall time, this JVM's CPU, the senders' share, PostgreSQL's. */
  record Cost(double seconds, double jvmCpu, double senderCpu, double pgCpu) {
    String describe(int records) {
      return String.format(
          "CPU per record: JVM %.1f µs (of which the load generator %.1f µs)%s",
          jvmCpu * 1e6 / records,
          senderCpu * 1e6 / records,
          pgCpu < 0
              ? " (the database's is in the JVM's)"
              : String.format(
                  ", the database's PostgreSQL backends %.1f µs", pgCpu * 1e6 / records));
    }
  }

  /**
   * CPU seconds of the PostgreSQL backends serving the bench's database (the server's pool and the
   * COPY baseline's connection), by pid from /proc; other databases' backends (other tests on the
   * same cluster) are left out, and so are the cluster's shared processes (WAL writer,
   * checkpointer).
   */
  static Map<Integer, Double> postgresCpu(TestServer server) {
    Map<Integer, Double> cpu = new java.util.HashMap<>();
    if (server.db().kind() != DatabaseKind.POSTGRESQL) {
      return cpu;
    }
    List<Integer> pids =
        server
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
                        .mapTo(Integer.class)
                        .list());
    for (int pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        cpu.put(pid, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0); // USER_HZ
      } catch (java.io.IOException | RuntimeException gone) {
        // the backend ended, or /proc is not this machine's (a remote database)
      }
    }
    return cpu;
  }

  static double cpuSince(Map<Integer, Double> before, Map<Integer, Double> after) {
    if (after.isEmpty()) {
      return -1;
    }
    double sum = 0;
    for (var e : after.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
    }
    return sum;
  }

  static double senderCpu(ThreadMXBean threads) {
    double sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null
          && (t.getThreadName().startsWith("sender-")
              || t.getThreadName().startsWith("HttpClient"))) {
        long cpu = threads.getThreadCpuTime(t.getThreadId());
        sum += cpu < 0 ? 0 : cpu / 1e9;
      }
    }
    return sum;
  }

  static Cost timed(TestServer server, ThrowingRunnable work) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<Integer, Double> pg0 = postgresCpu(server);
    double s0 = senderCpu(threads);
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    work.run();
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    double s1 = senderCpu(threads);
    Map<Integer, Double> pg1 = postgresCpu(server);
    return new Cost((t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, s1 - s0, cpuSince(pg0, pg1));
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static void ingest(TestServer server, int records, int senders) throws Exception {
    String key = server.newKey("bench", Scope.LOGS_WRITE, Scope.LOGS_READ, Scope.ANALYSIS_RUN);
    int batchSize = 1000;
    int batches = records / batchSize;
    int n = batches * batchSize;
    long base = Instant.now().minus(2, ChronoUnit.DAYS).toEpochMilli() * 1_000_000L;
    List<byte[]> json = new ArrayList<>();
    List<byte[]> protobuf = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      json.add(otlpBatch(b, base + b * 10_000_000L, batchSize).getBytes(StandardCharsets.UTF_8));
      protobuf.add(otlpProtobuf(b, base + b * 10_000_000L, batchSize));
    }
    long jsonBytes = json.stream().mapToLong(b -> b.length).sum();
    long protoBytes = protobuf.stream().mapToLong(b -> b.length).sum();
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create(server.baseUrl() + "/v1/logs");
    // warm-up (JIT) of both decoders, not counted
    for (int i = 0; i < Math.min(30, batches); i++) {
      post(http, uri, key, json.get(i), "application/json");
      post(http, uri, key, protobuf.get(i), "application/x-protobuf");
    }
    boolean postgres = server.db().kind() == DatabaseKind.POSTGRESQL;
    byte[] copyBytes = postgres ? copyText(batches, batchSize, base) : null;
    // COPY before and after the two OTLP phases: the table grows as they run, so the baseline is
    // the mean of a COPY into the smaller and into the larger table.
    Cost copy1 = postgres ? timed(server, () -> copy(server, copyBytes)) : null;
    String formats = System.getProperty("bench.formats", "json,protobuf");
    Cost viaJson =
        formats.contains("json")
            ? timed(server, () -> send(http, uri, key, json, "application/json", senders))
            : null;
    Cost viaProto =
        formats.contains("protobuf")
            ? timed(server, () -> send(http, uri, key, protobuf, "application/x-protobuf", senders))
            : null;
    Cost copy2 = postgres ? timed(server, () -> copy(server, copyBytes)) : null;
    System.out.printf(
        "ingest: %,d records per phase, batches of %d, %d senders; bodies %.0f bytes/record as"
            + " JSON, %.0f as protobuf%n",
        n, batchSize, senders, (double) jsonBytes / n, (double) protoBytes / n);
    for (var phase :
        List.of(
            Map.entry("OTLP/JSON over HTTP", java.util.Optional.ofNullable(viaJson)),
            Map.entry("OTLP protobuf over HTTP", java.util.Optional.ofNullable(viaProto)))) {
      if (phase.getValue().isEmpty()) {
        continue;
      }
      Cost c = phase.getValue().get();
      System.out.printf(
          "ingest: %s: %.2f s = %,.0f records/s; %s%n",
          phase.getKey(), c.seconds(), n / c.seconds(), c.describe(n));
    }
    if (!postgres) {
      System.out.println("ingest: no COPY baseline on the embedded database");
      return;
    }
    double copyRate = n / ((copy1.seconds() + copy2.seconds()) / 2);
    System.out.printf(
        "ingest: plain COPY of the same rows (text, one transaction, before and after):"
            + " %.2f s and %.2f s = %,.0f records/s (mean); PostgreSQL %.1f / %.1f µs per record%n",
        copy1.seconds(),
        copy2.seconds(),
        copyRate,
        copy1.pgCpu() * 1e6 / n,
        copy2.pgCpu() * 1e6 / n);
    System.out.printf(
        "ingest: OTLP/JSON / COPY = %.0f%%, OTLP protobuf / COPY = %.0f%%%n",
        viaJson == null ? Double.NaN : 100 * n / viaJson.seconds() / copyRate,
        viaProto == null ? Double.NaN : 100 * n / viaProto.seconds() / copyRate);
  }

  static void send(
      HttpClient http, URI uri, String key, List<byte[]> bodies, String type, int senders)
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            senders, r -> new Thread(r, "sender-" + ids.incrementAndGet()));
    List<Future<?>> fs = new ArrayList<>();
    for (byte[] body : bodies) {
      fs.add(pool.submit(() -> post(http, uri, key, body, type)));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
  }

  static byte[] copyText(int batches, int batchSize, long base) {
    StringBuilder copy = new StringBuilder(batches * batchSize * 300);
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
            .append(BODY_TAIL)
            .append('\t')
            .append(
                "{\"http.method\":\"GET\",\"http.status_code\":200,\"resource.host.name\":\"node-7\"}")
            .append('\t')
            .append(TRACE)
            .append('\t')
            .append(SPAN)
            .append('\n');
      }
    }
    return copy.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void copy(TestServer server, byte[] rows) throws Exception {
    try (Connection c = server.db().dataSource().getConnection()) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY log_record (tenant_id, service, ts, severity_number, level, body, attributes,"
                  + " trace_id, span_id) FROM STDIN",
              new java.io.ByteArrayInputStream(rows));
    }
  }

  static void post(HttpClient http, URI uri, String key, byte[] body) {
    post(http, uri, key, body, "application/json");
  }

  static void post(HttpClient http, URI uri, String key, byte[] body, String type) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", type)
                  .header("Authorization", "Bearer " + key)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "ingest answered "
                + r.statusCode()
                + ": "
                + new String(r.body(), StandardCharsets.UTF_8));
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
    long t0 = System.nanoTime();
    if (server.db().kind() == DatabaseKind.POSTGRESQL) {
      copyQueryRows(server, rows, services, start, end);
    } else {
      insertQueryRows(server, rows, services, start, end);
    }
    long loaded = System.nanoTime();
    // No VACUUM or ANALYZE here: what the server and the database do on their own after a bulk
    // load is part of what is measured.
    System.out.printf(
        "query: loaded %,d rows (tenant q, %d services, 24 h) in %.1f s%n",
        rows, services, (loaded - t0) / 1e9);
    McpSyncClient client = server.streamableClient(server.newKey("q", Scope.LOGS_READ));
    Random random = new Random(42);
    calls(client, random, rows, services, start, loaded, "right after the load");
    long waitSeconds = Long.getLong("bench.vacuumWait", 180);
    if (server.db().kind() == DatabaseKind.POSTGRESQL && waitSeconds > 0) {
      // The server's own maintenance (LogTableMaintenance; autovacuum if it comes first): wait for
      // a vacuum that started after the load ended, then measure again.
      Instant loadEnd = Instant.now().minusNanos(System.nanoTime() - loaded);
      long waited = System.nanoTime();
      Instant vacuumed = null;
      while (vacuumed == null && System.nanoTime() - waited < waitSeconds * 1_000_000_000L) {
        vacuumed =
            server
                .db()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT greatest(last_vacuum, last_autovacuum) FROM"
                                    + " pg_stat_user_tables WHERE relname = 'log_record'")
                            .mapTo(java.time.OffsetDateTime.class)
                            .findOne()
                            .map(java.time.OffsetDateTime::toInstant)
                            .filter(t -> t.isAfter(loadEnd))
                            .orElse(null));
        if (vacuumed == null) {
          Thread.sleep(1000);
        }
      }
      System.out.printf(
          "query: the server's maintenance vacuumed log_record %s%n",
          vacuumed == null
              ? "not within " + waitSeconds + " s of the load"
              : String.format(
                  "%.0f s after the load ended",
                  (vacuumed.toEpochMilli() - loadEnd.toEpochMilli()) / 1e3));
      calls(client, random, rows, services, start, loaded, "after that");
    }
    if (server.db().kind() == DatabaseKind.POSTGRESQL) {
      try (Connection c = server.db().dataSource().getConnection();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT last_analyze, last_autoanalyze, last_vacuum, last_autovacuum"
                          + " FROM pg_stat_user_tables WHERE relname = 'log_record'")) {
        rs.next();
        System.out.printf(
            "query: log_record last analyze %s, autoanalyze %s, vacuum %s, autovacuum %s%n",
            rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4));
      }
    }
    client.closeGracefully();
  }

  static void calls(
      McpSyncClient client,
      Random random,
      int rows,
      int services,
      Instant start,
      long loaded,
      String when) {
    for (boolean export : new boolean[] {true, false}) {
      List<Long> micros = new ArrayList<>();
      long matched = 0;
      long q0 = System.nanoTime();
      for (int i = 0; i < 130; i++) {
        Instant from = start.plus(random.nextInt(24 * 60 - 15), ChronoUnit.MINUTES);
        Map<String, Object> args = new java.util.HashMap<>();
        args.put("service_filter", "svc-" + random.nextInt(services));
        args.put("start", from.toString());
        args.put("end", from.plus(15, ChronoUnit.MINUTES).toString());
        if (export) {
          args.put("export", true);
        }
        long t = System.nanoTime();
        McpSchema.CallToolResult r =
            client.callTool(new McpSchema.CallToolRequest("get_raw_logs", args));
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
          "query: %s: get_raw_logs %s, 15-minute window of one service, %,d rows stored: p50 %.1f ms,"
              + " p95 %.1f ms over %d calls (avg %,d matches; started %.0f s after the load)%n",
          when,
          export ? "with export: true (the match set also written to a file)" : "without export",
          rows,
          micros.get(micros.size() / 2) / 1000.0,
          micros.get((int) (micros.size() * 0.95)) / 1000.0,
          micros.size(),
          matched / micros.size(),
          (q0 - loaded) / 1e9);
    }
  }

  private static void copyQueryRows(
      TestServer server, int rows, int services, Instant start, Instant end) throws Exception {
    long spanMicros = ChronoUnit.MICROS.between(start, end);
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
      copy(server, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The same rows on the embedded database, generated by the database itself. */
  private static void insertQueryRows(
      TestServer server, int rows, int services, Instant start, Instant end) throws Exception {
    long spanMicros = ChronoUnit.MICROS.between(start, end);
    int chunk = 250_000;
    try (Connection c = server.db().dataSource().getConnection()) {
      for (int done = 0; done < rows; done += chunk) {
        try (var ps =
            c.prepareStatement(
                "INSERT INTO log_record (tenant_id, service, ts, severity_number, level, body,"
                    + " attributes, trace_id, span_id)"
                    + " SELECT 'q', 'svc-' || MOD(\"X\", CAST(? AS INT)),"
                    + " DATEADD(MICROSECOND, CAST(? AS BIGINT) * \"X\" / CAST(? AS BIGINT),"
                    + " CAST(? AS TIMESTAMP WITH TIME ZONE)),"
                    + " CASE WHEN MOD(\"X\", 10) = 0 THEN 17 ELSE 9 END,"
                    + " CASE WHEN MOD(\"X\", 10) = 0 THEN 'ERROR' ELSE 'INFO' END,"
                    + " 'request ' || \"X\" || ' GET /api/v1/orders took 87ms status=200',"
                    + " '{\"http.status_code\":200}', CAST(? AS TEXT), CAST(? AS TEXT)"
                    + " FROM SYSTEM_RANGE(CAST(? AS BIGINT), CAST(? AS BIGINT))")) {
          ps.setInt(1, services);
          ps.setLong(2, spanMicros);
          ps.setLong(3, rows);
          ps.setObject(4, java.time.OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
          ps.setString(5, TRACE);
          ps.setString(6, SPAN);
          ps.setLong(7, done);
          ps.setLong(8, Math.min(rows, done + chunk) - 1);
          ps.executeUpdate();
        }
      }
    }
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
                        "get_raw_logs", Map.of("timeframe", "1h", "limit", 1, "export", true)))
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
