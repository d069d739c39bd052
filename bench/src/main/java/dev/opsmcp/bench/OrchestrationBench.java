package dev.opsmcp.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The orchestration server's figures: seeds INCIDENTS incidents of EVENTS timeline events each
 * through the REST API, then measures {@code list_incidents} and {@code get_incident} p50/p95 over
 * MCP, Alertmanager webhook intake in alerts/s (a quarter of the deliveries are replays, deduped),
 * {@code notify_team} queueing over MCP and, seeded with SQL, the outbox dispatcher's deliveries/s
 * to a local webhook receiver on an outbox filled at once, and, given a second orchestration
 * process and messaging ({@code BENCH_REPLICA_URL}, {@code BENCH_MESSAGING_URL}, {@code
 * BENCH_RUNBOOK_PORT}), approval decided → approved remediation started ({@link ApprovalLatency}).
 * Only successful answers are timed or counted; with {@code BENCH_SERVER_PID} each MCP figure
 * prints the server's and the load generator's CPU time per answer.
 *
 * <p>Usage: {@code OrchestrationBench URL ADMIN_KEY [INCIDENTS [EVENTS [CLIENTS]]]} (defaults
 * 10000, 20, 8).
 */
public final class OrchestrationBench {
  private static final Pattern REF = Pattern.compile("\"ref\":\"(INC-\\d+)\"");
  private static final int CALLS = 2_000;
  private static final int WARMUP = 500;
  private static final int ALERT_DELIVERIES = 2_000;
  private static final int ALERTS_PER_DELIVERY = 5;
  private static final int NOTIFICATIONS = 2_000;
  private static final int SEEDED_NOTIFICATIONS = 5_000;
  private static final Pattern CHANNEL = Pattern.compile("\"id\":\"(ch_[^\"]+)\"");
  private static final int APPROVALS = 300;

  /** The server under test, to compare its CPU time with the load generator's. */
  private static final long SERVER_PID =
      Long.parseLong(System.getenv().getOrDefault("BENCH_SERVER_PID", "-1"));

  private OrchestrationBench() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String key = args[1];
    int incidents = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int events = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int clients = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    HttpClient http =
        HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    Rest rest = new Rest(http, url, key);
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      long seedStart = System.nanoTime();
      List<String> refs;
      if ("1".equals(System.getenv("BENCH_SEEDED"))) { // by orchestration.sh --sql-seed
        refs = IntStream.rangeClosed(1, incidents).mapToObj(i -> "INC-" + i).toList();
        System.out.printf("%,d incidents × %d events seeded with SQL%n", incidents, events);
      } else {
        refs = seed(rest, pool, incidents, events);
        System.out.printf(
            "seeded %,d incidents × %d events through REST in %.1f s%n",
            refs.size(), events, (System.nanoTime() - seedStart) / 1e9);
      }
      URI mcp = URI.create(url + "/mcp");
      Call list = s -> s.callTool("list_incidents", "{\"limit\":20}");
      Call get =
          s ->
              s.callTool(
                  "get_incident",
                  "{\"incident_id\":\""
                      + refs.get(ThreadLocalRandom.current().nextInt(refs.size()))
                      + "\"}");
      // untimed first: both JVMs compile the paths before anything is measured
      calls(pool, clients, http, mcp, key, list, WARMUP, null);
      calls(pool, clients, http, mcp, key, get, WARMUP, null);
      calls(pool, clients, http, mcp, key, list, CALLS, "list_incidents");
      calls(pool, clients, http, mcp, key, get, CALLS, "get_incident");
      alerts(rest, pool);
      notifications(rest, pool, http, mcp, key, clients);
      String replica = System.getenv("BENCH_REPLICA_URL");
      if (replica == null) {
        System.out.println(
            "approval → run  not measured: it needs two orchestration processes and messaging on"
                + " PostgreSQL (run with DATABASE_URL set)");
      } else {
        ApprovalLatency.run(
            http,
            key,
            new String[] {url, replica},
            System.getenv("BENCH_MESSAGING_URL"),
            Integer.parseInt(System.getenv("BENCH_RUNBOOK_PORT")),
            APPROVALS);
      }
    }
  }

  private static List<String> seed(Rest rest, ExecutorService pool, int incidents, int events)
      throws Exception {
    List<Future<String>> created = new ArrayList<>();
    for (int i = 0; i < incidents; i++) {
      int n = i;
      created.add(
          pool.submit(
              () -> {
                String body =
                    "{\"title\":\"bench incident "
                        + n
                        + "\",\"severity\":\"SEV"
                        + (1 + n % 4)
                        + "\",\"services\":[\"svc-"
                        + n % 50
                        + "\"]}";
                Matcher m = REF.matcher(rest.send("POST", "/api/v1/incidents", body, 201));
                if (!m.find()) {
                  throw new IOException("no ref in the create answer");
                }
                String ref = m.group(1);
                for (int e = 1; e < events; e++) { // the creation is the first event
                  rest.send(
                      "POST",
                      "/api/v1/incidents/" + ref + "/events",
                      "{\"kind\":\"finding\",\"text\":\"finding " + e + " of " + ref + "\"}",
                      201);
                }
                return ref;
              }));
    }
    List<String> refs = new ArrayList<>();
    for (Future<String> f : created) {
      refs.add(f.get());
    }
    return refs;
  }

  /** A tool call to measure, on one client's session. */
  private interface Call {
    void run(McpSession session) throws Exception;
  }

  /** {@code calls} calls of {@code call} over {@code clients} sessions; printed unless untitled. */
  private static void calls(
      ExecutorService pool,
      int clients,
      HttpClient http,
      URI mcp,
      String key,
      Call call,
      int calls,
      String title)
      throws Exception {
    long[] latencies = new long[calls];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger counted = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    List<McpSession> sessions = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      sessions.add(McpSession.open(http, mcp, key));
    }
    long serverCpu = serverCpuNanos();
    long ownCpu = ownCpuNanos();
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (McpSession s : sessions) {
      running.add(
          pool.submit(
              () -> {
                while (next.getAndIncrement() < calls) {
                  long t = System.nanoTime();
                  try {
                    call.run(s);
                  } catch (Exception e) { // a failed answer is counted, never timed
                    errors.incrementAndGet();
                    continue;
                  }
                  latencies[counted.getAndIncrement()] = System.nanoTime() - t;
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long server = serverCpu < 0 ? -1 : serverCpuNanos() - serverCpu;
    long own = ownCpuNanos() - ownCpu;
    sessions.forEach(McpSession::close);
    long[] ok = Arrays.copyOf(latencies, counted.get());
    Arrays.sort(ok);
    if (title == null) {
      return;
    }
    Measurement m = new Measurement(clients, ok, errors.get(), seconds, server);
    System.out.printf(
        "%-15s p50 %6.2f ms  p95 %6.2f ms  (%d ok of %d calls, %d failed, %d clients, %.0f/s;"
            + " CPU per answer: server %.0f µs, load generator %.0f µs; target p95 < 50 ms)%n",
        title,
        m.percentile(0.50) / 1e6,
        m.percentile(0.95) / 1e6,
        ok.length,
        calls,
        m.errors(),
        clients,
        m.callsPerSecond(),
        m.serverCpuMicrosPerCall(),
        ok.length == 0 ? 0 : own / 1e3 / ok.length);
  }

  /** The server's user + system CPU time from /proc (clock ticks of 10 ms), or -1. */
  private static long serverCpuNanos() {
    if (SERVER_PID < 0) {
      return -1;
    }
    try {
      String stat =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + SERVER_PID + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long ownCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
  }

  private static void alerts(Rest rest, ExecutorService pool) throws Exception {
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> sent = new ArrayList<>();
    for (int d = 0; d < ALERT_DELIVERIES; d++) {
      int group = d % 4 == 3 ? d - 1 : d; // every fourth delivery replays the one before
      sent.add(
          pool.submit(
              () -> {
                try {
                  rest.send("POST", "/api/v1/alerts/alertmanager", alertGroup(group), 200);
                  ok.incrementAndGet();
                } catch (IOException e) {
                  failed.incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> f : sent) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "alert intake    %,.0f alerts/s  (%,d of %,d deliveries of %d alerts answered 200, 1 in 4"
            + " a replay; %d failed; target ≥ 1,000/s)%n",
        ok.get() * ALERTS_PER_DELIVERY / seconds,
        ok.get(),
        ALERT_DELIVERIES,
        ALERTS_PER_DELIVERY,
        failed.get());
  }

  private static String alertGroup(int group) {
    StringBuilder alerts = new StringBuilder();
    for (int a = 0; a < ALERTS_PER_DELIVERY; a++) {
      if (a > 0) {
        alerts.append(',');
      }
      alerts.append(
          """
          {"status":"firing","labels":{"alertname":"Bench","service":"svc-%d","instance":"i%d"},
           "annotations":{"summary":"bench"},"startsAt":"2025-01-31T12:00:00Z",
           "endsAt":"0001-01-01T00:00:00Z","fingerprint":"g%d-a%d"}"""
              .formatted(group % 50, a, group, a));
    }
    return """
        {"version":"4","groupKey":"bench-%d","status":"firing","truncatedAlerts":0,
         "commonLabels":{"alertname":"Bench","severity":"warning"},
         "commonAnnotations":{"summary":"bench group %d"},"alerts":[%s]}"""
        .formatted(group, group, alerts);
  }

  /**
   * Notifications to a local webhook receiver: first {@link #NOTIFICATIONS} {@code notify_team}
   * calls over MCP (the queueing rate, and queueing + delivery end to end); then, on a database
   * seeded with SQL, {@link #SEEDED_NOTIFICATIONS} rows written into the outbox at once, so the
   * dispatcher's delivery rate is timed alone (the target).
   */
  private static void notifications(
      Rest rest, ExecutorService pool, HttpClient http, URI mcp, String key, int clients)
      throws Exception {
    AtomicInteger received = new AtomicInteger();
    AtomicLong firstAt = new AtomicLong();
    AtomicLong lastAt = new AtomicLong();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
          long now = System.nanoTime();
          firstAt.compareAndSet(0, now);
          received.incrementAndGet();
          lastAt.set(now);
        });
    receiver.start();
    try {
      Matcher channel =
          CHANNEL.matcher(
              rest.send(
                  "POST",
                  "/api/v1/channels",
                  "{\"kind\":\"webhook\",\"url\":\"http://127.0.0.1:"
                      + receiver.getAddress().getPort()
                      + "/hook\"}",
                  201));
      if (!channel.find()) {
        throw new IOException("no channel id in the create answer");
      }
      AtomicInteger next = new AtomicInteger();
      AtomicInteger queuedOk = new AtomicInteger();
      AtomicInteger queueFailed = new AtomicInteger();
      long start = System.nanoTime();
      List<Future<?>> senders = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        senders.add(
            pool.submit(
                () -> {
                  McpSession s = McpSession.open(http, mcp, key);
                  try {
                    for (int i; (i = next.getAndIncrement()) < NOTIFICATIONS; ) {
                      try {
                        s.callTool("notify_team", "{\"message\":\"bench " + i + "\"}");
                        queuedOk.incrementAndGet();
                      } catch (IOException e) {
                        queueFailed.incrementAndGet();
                      }
                    }
                  } finally {
                    s.close();
                  }
                  return null;
                }));
      }
      for (Future<?> f : senders) {
        f.get();
      }
      long queued = System.nanoTime();
      awaitDeliveries(received, queuedOk.get(), queued);
      double queueing = (queued - start) / 1e9;
      double endToEnd = (lastAt.get() - start) / 1e9;
      System.out.printf(
          "notify_team     %,.0f queued/s over MCP  (%,d of %,d calls in %.1f s, %d failed; with"
              + " delivery, end to end: %,.0f delivered/s, %,d delivered in %.1f s)%n",
          queuedOk.get() / queueing,
          queuedOk.get(),
          NOTIFICATIONS,
          queueing,
          queueFailed.get(),
          received.get() / endToEnd,
          received.get(),
          endToEnd);
      if (!"1".equals(System.getenv("BENCH_SEEDED"))) {
        System.out.println(
            "notifications   delivery alone not measured: it fills the outbox with SQL (run with"
                + " --sql-seed on PostgreSQL)");
        return;
      }
      received.set(0);
      firstAt.set(0);
      long filled = fillOutbox(channel.group(1), SEEDED_NOTIFICATIONS);
      awaitDeliveries(received, SEEDED_NOTIFICATIONS, filled);
      double drain = (lastAt.get() - firstAt.get()) / 1e9;
      System.out.printf(
          "notifications   %,.0f delivered/s  (%,d of %,d outbox rows, written due at once with"
              + " SQL, delivered to a local webhook in %.2f s from the first delivery; the first"
              + " came %.0f ms after the rows committed (the idle dispatcher looks once a second);"
              + " target ≥ 500/s)%n",
          (received.get() - 1) / drain,
          received.get(),
          SEEDED_NOTIFICATIONS,
          drain,
          (firstAt.get() - filled) / 1e6);
    } finally {
      receiver.stop(0);
    }
  }

  private static void awaitDeliveries(AtomicInteger received, int expected, long since)
      throws InterruptedException {
    while (received.get() < expected && System.nanoTime() - since < 120_000_000_000L) {
      Thread.sleep(20);
    }
  }

  /**
   * Writes {@code rows} due deliveries to {@code channel} in one statement (psql on DATABASE_URL,
   * the bench's database) and returns when they committed.
   */
  private static long fillOutbox(String channel, int rows) throws Exception {
    String sql =
        """
        INSERT INTO notification_outbox
          (tenant_id, channel_id, kind, url, payload, status, attempts, next_attempt_at,
           created_at, secret)
        SELECT c.tenant_id, c.id, c.kind, c.url,
               '{"event":"notify_team","tenant":"bench","title":"Team notification","text":"bench '
                 || g || '","link":null,"data":{}}',
               'pending', 0, now(), now(), c.secret
        FROM notification_channel c, generate_series(1, %d) g WHERE c.id = '%s'
        """
            .formatted(rows, channel);
    Process psql =
        new ProcessBuilder(
                "psql", "-q", "-v", "ON_ERROR_STOP=1", System.getenv("DATABASE_URL"), "-c", sql)
            .redirectErrorStream(true)
            .start();
    String out = new String(psql.getInputStream().readAllBytes());
    if (psql.waitFor() != 0) {
      throw new IOException("filling the outbox failed: " + out);
    }
    return System.nanoTime();
  }

  /** Authenticated REST calls that must answer the expected status. */
  private record Rest(HttpClient http, String base, String key) {
    String send(String method, String path, String body, int expected)
        throws IOException, InterruptedException {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + key)
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
      }
      return r.body();
    }
  }
}
