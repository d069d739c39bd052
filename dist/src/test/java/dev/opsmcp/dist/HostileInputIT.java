package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.McpClients;
import dev.opsmcp.common.testing.RawSse;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A few thousand generated hostile requests against the four servers in one JVM (on PostgreSQL when
 * {@code OPSMCP_TEST_DATABASE_URL} is set): every MCP tool over both transports, every prompt and
 * resource, malformed JSON-RPC, every REST route, alert intake and ingest endpoint, abused methods
 * and headers. Fails on any 5xx (but 501/505), any empty answer (an event stream without the
 * response included), any Java class or package name in an answer, an error that sends a huge value
 * back, stored logs that cannot be read back, or a server that stops answering {@code /health}. All
 * of it twice: the heap after GC must not grow over the second pass, and a second tenant's rows,
 * written before the attack, must come through it unchanged.
 */
class HostileInputIT {
  static final Duration ANSWER = Duration.ofSeconds(20);

  private final AtomicLong ids = new AtomicLong(1_000);
  private final AtomicInteger sent = new AtomicInteger();
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();
  private final List<Future<?>> pending = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final long startNanos = System.nanoTime();
  private final Queue<String> slow = new ConcurrentLinkedQueue<>();
  private final List<RawSse> streams = new ArrayList<>();
  private FourServers servers;

  @Test
  void hostileRequests_getCleanAnswers_andEveryServerStaysUp() throws Exception {
    try (FourServers started =
        FourServers.start(
            Map.of(
                "OPSMCP_RATE_LIMIT_PER_MINUTE", "10000000",
                "OPSMCP_MESSAGING_MAX_WAIT_SECONDS", "1",
                "OPSMCP_ANALYSIS_TIMEOUT_SECONDS", "2",
                "OPSMCP_ANALYSIS_MAX_TIMEOUT_SECONDS", "2",
                "OPSMCP_ANALYSIS_QUEUE_SECONDS", "0"))) {
      servers = started;
      System.out.printf(
          "[hostile input] four servers up after %d s%n",
          (System.nanoTime() - startNanos) / 1_000_000_000);
      Bystander.seed(servers);
      var bystanderBefore = Bystander.rows(servers.jdbi());
      assertThat(bystanderBefore)
          .as("the other tenant's rows, by table")
          .hasEntrySatisfying("incident", rows -> assertThat(rows).hasSize(1))
          .hasEntrySatisfying("incident_event", rows -> assertThat(rows).isNotEmpty())
          .hasEntrySatisfying("msg_message", rows -> assertThat(rows).hasSize(2))
          .hasEntrySatisfying("change_event", rows -> assertThat(rows).hasSize(1));
      onePass(1);
      long heapAfterFirst = heapAfterGc();
      onePass(2);
      long heapAfterSecond = heapAfterGc();
      System.out.printf(
          "[hostile input] heap after GC: %d KiB after pass 1, %d KiB after pass 2%n",
          heapAfterFirst >> 10, heapAfterSecond >> 10);
      assertThat(heapAfterSecond - heapAfterFirst)
          .as("heap growth over a second identical pass, bytes")
          .isLessThan(16L << 20); // 2.4-4.7 MiB measured; 1 KiB leaked a request would be 18
      assertThat(Bystander.rows(servers.jdbi()))
          .as("the other tenant's rows after the attack")
          .isEqualTo(bystanderBefore);
    } finally {
      pool.shutdownNow();
      streams.forEach(RawSse::close);
    }
    slow.stream()
        .sorted(
            java.util.Comparator.comparingLong(
                t -> -Long.parseLong(t.substring(0, t.indexOf(' ')))))
        .limit(15)
        .forEach(t -> System.out.println("[hostile input] slowest: " + t));
    assertThat(sent.get()).as("requests sent").isGreaterThan(10_000);
    assertThat(problems)
        .as("%d of %d hostile requests got a bad answer", problems.size(), sent.get())
        .isEmpty();
  }

  /** Every probe once: tools, prompts and resources, envelopes, methods, REST and ingest. */
  private void onePass(int pass) throws Exception {
    for (String name : servers.byName.keySet()) {
      toolCalls(name);
    }
    awaitAndCheckHealth(pass, "tool calls");
    for (String name : servers.byName.keySet()) {
      new PromptAndResourceProbes(this, name, servers.url(name), servers.key).run();
    }
    awaitAndCheckHealth(pass, "prompts and resources");
    for (String name : servers.byName.keySet()) {
      // The same front door serves all four: every message on one, broken bodies on each.
      envelopes(name, name.equals("messaging"));
      methodsAndHeaders(name);
    }
    awaitAndCheckHealth(pass, "envelopes, methods and headers");
    RestProbes.messaging(this, servers.url("messaging"), servers.key, servers.humanKey).run();
    RestProbes.monitoring(this, servers.url("monitoring"), servers.key, servers.humanKey).run();
    RestProbes.orchestration(this, servers.url("orchestration"), servers.key, servers.humanKey)
        .run();
    new AlertProbes(this, servers.url("orchestration"), servers.key, servers.humanKey).run();
    new IngestProbes(this, servers.url("log-analytics"), servers.url("monitoring"), servers.key)
        .run();
    awaitAndCheckHealth(pass, "REST and ingest");
    readBackAfterIngest();
    // Each stream holds every answer it carried: closed, so that the heap check measures the
    // servers, not this test.
    streams.forEach(RawSse::close);
    streams.clear();
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Runs one request on the pool; its verdict (null = fine) is collected. A request whose pooled
   * connection the server had just closed (after refusing an earlier request) is sent once more.
   */
  void probe(String what, Supplier<String> request) {
    pending.add(
        pool.submit(
            () -> {
              sent.incrementAndGet();
              long start = System.nanoTime();
              try {
                String problem;
                try {
                  problem = request.get();
                } catch (java.io.UncheckedIOException stale) {
                  problem = request.get();
                }
                if (problem != null) {
                  problems.add(what + " -> " + problem);
                }
              } catch (RuntimeException e) {
                problems.add(what + " -> the request failed: " + e);
              }
              long millis = (System.nanoTime() - start) / 1_000_000;
              if (millis >= 200) { // kept few, so that the heap check measures the servers
                slow.add(millis + " ms " + Verdicts.head(what));
              }
            }));
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  private void awaitAndCheckHealth(int pass, String phase) throws Exception {
    for (Future<?> f : pending) {
      f.get();
    }
    pending.clear();
    System.out.printf(
        "[hostile input] pass %d: %s done after %d s: %d requests so far, %d bad answers%n",
        pass, phase, (System.nanoTime() - startNanos) / 1_000_000_000, sent.get(), problems.size());
    for (var server : servers.byName.entrySet()) {
      HttpResponse<String> health = Http.get(server.getValue().baseUrl() + "/health");
      if (health.statusCode() != 200) {
        problems.add(
            server.getKey()
                + " /health after "
                + phase
                + " (pass "
                + pass
                + ") -> "
                + health.statusCode());
      }
    }
  }

  // --- MCP tools, both transports ---------------------------------------------------------------

  private void toolCalls(String server) {
    String base = servers.url(server);
    McpSyncClient client = McpClients.streamable(base, servers.key);
    List<McpSchema.Tool> tools;
    try {
      tools = client.listTools().tools();
    } finally {
      client.closeGracefully();
    }
    String session = Http.session(base, servers.key);
    RawSse sse = open(base);
    for (McpSchema.Tool tool : tools) {
      // Every value on streamable HTTP; on legacy SSE, which shares the tool code, one of a kind.
      for (Object params : ToolCalls.params(tool)) {
        probe(
            "/mcp " + server + " tools/call " + ToolCalls.describe(params),
            () -> streamable(base, session, "tools/call", HostileValues.json(params)));
      }
      for (Object params : ToolCalls.params(tool, HostileValues.FEW_VALUES)) {
        probe(
            "/message " + server + " tools/call " + ToolCalls.describe(params),
            () -> sse(sse, "tools/call", HostileValues.json(params)));
      }
    }
  }

  private RawSse open(String base) {
    RawSse sse = RawSse.open(base, servers.key);
    streams.add(sse);
    return sse;
  }

  String streamable(String base, String session, String method, String params) {
    long id = nextId();
    HttpResponse<String> r =
        Http.postJson(
            base + "/mcp",
            request(id, method, params),
            "Authorization",
            Http.bearer(servers.key),
            "Mcp-Session-Id",
            session);
    return Verdicts.streamable(r, id);
  }

  String sse(RawSse sse, String method, String params) {
    long id = nextId();
    HttpResponse<String> r = sse.post(request(id, method, params));
    if (r.statusCode() / 100 != 2) {
      return Verdicts.http("POST", r);
    }
    try {
      return Verdicts.jsonRpc(sse.response(id, ANSWER), id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  static String request(long id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\""
        + method
        + "\""
        + (params == null ? "" : ",\"params\":" + params)
        + "}";
  }

  // --- JSON-RPC envelopes -----------------------------------------------------------------------

  private void envelopes(String server, boolean everyMessage) {
    String base = servers.url(server);
    String session = Http.session(base, servers.key);
    RawSse sse = open(base);
    for (byte[] body : HostileValues.brokenBodies()) {
      String what = server + " body " + Verdicts.head(new String(body, StandardCharsets.UTF_8));
      probe("/mcp " + what, () -> Verdicts.http("POST", mcpPost(base, session, body)));
      probe("/message " + what, () -> Verdicts.http("POST", sse.post(body)));
    }
    if (!everyMessage) {
      return;
    }
    for (Envelopes.Message m : Envelopes.messages(this::nextId)) {
      byte[] body = m.json().getBytes(StandardCharsets.UTF_8);
      String what = server + " " + Verdicts.head(m.json());
      probe(
          "/mcp " + what,
          () -> {
            HttpResponse<String> r = mcpPost(base, session, body);
            return m.requestId() == null || r.statusCode() >= 400
                ? Verdicts.http("POST", r)
                : Verdicts.streamable(r, m.requestId());
          });
    }
    // The legacy transport gets its own ids: the stream answers by id.
    for (Envelopes.Message m : Envelopes.messages(this::nextId)) {
      byte[] body = m.json().getBytes(StandardCharsets.UTF_8);
      probe(
          "/message " + server + " " + Verdicts.head(m.json()),
          () -> {
            HttpResponse<String> r = sse.post(body);
            if (r.statusCode() / 100 == 2 && m.requestId() == null) {
              return null; // accepted; nothing is due on the stream
            }
            if (m.requestId() == null || r.statusCode() / 100 != 2) {
              return Verdicts.http("POST", r);
            }
            try {
              return Verdicts.jsonRpc(sse.response(m.requestId(), ANSWER), m.requestId());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return "interrupted";
            }
          });
    }
  }

  private HttpResponse<String> mcpPost(String base, String session, byte[] body) {
    return Http.post(
        base + "/mcp",
        body,
        "Authorization",
        Http.bearer(servers.key),
        "Content-Type",
        "application/json",
        "Accept",
        "application/json, text/event-stream",
        "Mcp-Session-Id",
        session);
  }

  // --- Methods, headers and raw HTTP ------------------------------------------------------------

  private void methodsAndHeaders(String server) {
    String base = servers.url(server);
    for (HttpProbes.Probe p : HttpProbes.probes(server, base, servers.key)) {
      probe(server + " " + p.what(), () -> HttpProbes.verdict(p.method(), p.send().get()));
    }
    int port = servers.byName.get(server).port();
    for (String raw : HttpProbes.RAW_REQUESTS) {
      probe(server + " raw " + Verdicts.head(raw), () -> HttpProbes.raw(port, raw));
    }
  }

  // --- Whatever ingest stored, get_raw_logs returns ---------------------------------------------

  private void readBackAfterIngest() throws Exception {
    String base = servers.url("log-analytics");
    String params =
        "{\"name\":\"get_raw_logs\",\"arguments\":{\"start\":\"1970-01-01T00:00:00Z\","
            + "\"end\":\"+10000-01-01T00:00:00Z\",\"limit\":1000}}";
    String session = Http.session(base, servers.key);
    long id = nextId();
    HttpResponse<String> r =
        Http.postJson(
            base + "/mcp",
            request(id, "tools/call", params),
            "Authorization",
            Http.bearer(servers.key),
            "Mcp-Session-Id",
            session);
    sent.incrementAndGet();
    String problem = Verdicts.streamable(r, id);
    if (problem == null && !r.body().contains("\"total\":")) {
      problem = "get_raw_logs did not return the stored logs: " + Verdicts.head(r.body());
    }
    if (problem == null && r.body().contains("\"isError\":true")) {
      problem = "get_raw_logs failed: " + Verdicts.head(r.body());
    }
    if (problem != null) {
      problems.add("get_raw_logs after hostile ingest -> " + problem);
    }
    try (RawSse sse = RawSse.open(base, servers.key)) {
      long sseId = nextId();
      sse.post(request(sseId, "tools/call", params));
      sent.incrementAndGet();
      String answer = sse.response(sseId, ANSWER);
      if (answer == null || !Verdicts.succeeded(answer)) {
        problems.add("get_raw_logs over SSE after hostile ingest -> " + Verdicts.head(answer));
      }
    }
  }
}
