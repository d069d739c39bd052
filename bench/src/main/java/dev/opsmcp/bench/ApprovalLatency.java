package dev.opsmcp.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Approval decided → approved remediation started, across two orchestration processes: each run of
 * the high-risk runbook {@code bench-restart} is requested with {@code execute_remediation} on one
 * of the two (alternating), approved through messaging's REST API, and is started when its HTTP
 * request reaches the receiver here. The clock starts before the decision is sent, so the figure
 * includes the decision's own round trip. One run at a time (latency, not throughput); only runs
 * that were approved (HTTP 200) and reached the receiver are counted, and a run that reached it
 * twice is reported.
 */
final class ApprovalLatency {
  private static final Pattern APPROVAL = Pattern.compile("\"approval_id\":\"(apr_\\w+)\"");
  private static final Pattern REF = Pattern.compile("\"ref\":\"(INC-\\d+)\"");
  private static final long WAIT_SECONDS = 10;

  private ApprovalLatency() {}

  /**
   * {@code urls}: the two orchestration servers; {@code runbookPort}: where {@code bench-restart}
   * sends its request (the runbook file the script wrote).
   */
  static void run(
      HttpClient http, String key, String[] urls, String messaging, int runbookPort, int samples)
      throws Exception {
    Map<String, CompletableFuture<Long>> startedAt = new ConcurrentHashMap<>();
    AtomicInteger repeats = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", runbookPort), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext(
        "/run/",
        ex -> {
          long now = System.nanoTime();
          String id = ex.getRequestURI().getPath().substring("/run/".length());
          if (!startedAt.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(now)) {
            repeats.incrementAndGet();
          }
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    McpSession[] sessions = {
      McpSession.open(http, URI.create(urls[0] + "/mcp"), key),
      McpSession.open(http, URI.create(urls[1] + "/mcp"), key)
    };
    try {
      String ref = incident(http, urls[0], key);
      long[] latencies = new long[samples];
      int counted = 0;
      int failed = 0;
      for (int i = 0; i < samples; i++) {
        String id = "r" + i;
        Matcher m =
            APPROVAL.matcher(
                sessions[i % 2].callTool(
                    "execute_remediation",
                    "{\"incident_id\":\"%s\",\"runbook\":\"bench-restart\",\"parameters\":{\"id\":\"%s\"}}"
                        .formatted(ref, id)));
        if (!m.find()) {
          throw new IOException("execute_remediation answered without an approval_id");
        }
        CompletableFuture<Long> started =
            startedAt.computeIfAbsent(id, k -> new CompletableFuture<>());
        long start = System.nanoTime();
        if (decide(http, messaging, key, m.group(1)) != 200) {
          failed++;
          continue;
        }
        try {
          latencies[counted++] = started.get(WAIT_SECONDS, TimeUnit.SECONDS) - start;
        } catch (TimeoutException e) {
          counted--;
          failed++;
        }
      }
      long[] ok = Arrays.copyOf(latencies, counted);
      Arrays.sort(ok);
      Measurement mm = new Measurement(1, ok, failed, 0, -1);
      System.out.printf(
          "approval → run  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d approved runs requested"
              + " alternately on 2 orchestration processes, decided on messaging's REST API;"
              + " %d failed or not started in 10 s; %d started twice; target p99 < 200 ms)%n",
          mm.percentile(0.50) / 1e6,
          mm.percentile(0.99) / 1e6,
          counted == 0 ? 0 : ok[counted - 1] / 1e6,
          counted,
          failed,
          repeats.get());
    } finally {
      for (McpSession s : sessions) {
        s.close();
      }
      receiver.stop(0);
    }
  }

  private static String incident(HttpClient http, String base, String key) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"bench approvals\",\"severity\":\"SEV2\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = REF.matcher(r.body());
    if (r.statusCode() != 201 || !m.find()) {
      throw new IOException("POST /api/v1/incidents: HTTP " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  private static int decide(HttpClient http, String messaging, String key, String approvalId)
      throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create(messaging + "/api/v1/approvals/" + approvalId + "/decision"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
