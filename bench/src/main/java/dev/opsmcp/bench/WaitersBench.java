package dev.opsmcp.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N agents, each its own MCP session, block in {@code ask_question} on one messaging server; a
 * human answers every question through the REST API. Prints the answer-to-return latency, the
 * server's heap and RSS while all wait, and how many answers were lost (must be 0).
 *
 * <p>Usage: {@code WaitersBench URL AGENT_KEY HUMAN_KEY SERVER_PID [AGENTS] [ANSWERERS]}: the
 * answers are posted by ANSWERERS (default 8) concurrent humans, as fast as the server takes them.
 */
public final class WaitersBench {
  private static final Pattern QUESTION =
      Pattern.compile("\"kind\":\"question\"[^}]*\"ref_id\":\"(q_[A-Za-z0-9]+)\"");
  private static final Pattern SESSION = Pattern.compile("\"session_id\":\"(ses_[A-Za-z0-9]+)\"");

  private WaitersBench() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String agentKey = args[1];
    String humanKey = args[2];
    long serverPid = Long.parseLong(args[3]);
    int agents = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    int answerersCount = args.length > 5 ? Integer.parseInt(args[5]) : 8;
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on every connection
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    URI mcp = URI.create(url + "/mcp");

    String[] sessions = new String[agents];
    long[] returnedAt = new long[agents];
    String[] results = new String[agents];
    CountDownLatch asking = new CountDownLatch(agents);
    CountDownLatch done = new CountDownLatch(agents);
    Semaphore opening = new Semaphore(64); // handshakes in flight; waits themselves are unbounded
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    AtomicInteger failures = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < agents; i++) {
      int n = i;
      threads.submit(
          () -> {
            try {
              McpSession session;
              opening.acquire();
              try {
                session = McpSession.open(http, mcp, agentKey);
                String step =
                    session.callTool("log_step", "{\"step\":\"agent " + n + " waiting\"}");
                Matcher m = SESSION.matcher(step);
                if (!m.find()) {
                  throw new IllegalStateException("no session id in " + step);
                }
                sessions[n] = m.group(1);
              } finally {
                opening.release();
              }
              asking.countDown();
              results[n] =
                  session.callTool(
                      "ask_question",
                      "{\"question\":\"agent "
                          + n
                          + ": proceed?\",\"session_id\":\""
                          + sessions[n]
                          + "\",\"wait_seconds\":300}");
              returnedAt[n] = System.nanoTime();
            } catch (Exception e) {
              failures.incrementAndGet();
              System.err.println("agent " + n + ": " + e);
              asking.countDown();
            } finally {
              done.countDown();
            }
          });
    }
    asking.await();
    // every agent has sent ask_question; find each question id through the REST API
    String[] questions = new String[agents];
    for (int i = 0; i < agents; i++) {
      if (sessions[i] == null) {
        continue;
      }
      for (int tries = 0; questions[i] == null && tries < 200; tries++) {
        Matcher m =
            QUESTION.matcher(
                get(http, url + "/api/v1/sessions/" + sessions[i] + "/messages", humanKey));
        if (m.find()) {
          questions[i] = m.group(1);
        } else {
          Thread.sleep(25);
        }
      }
    }
    Thread.sleep(1000); // let the last callers reach their wait
    double setupSeconds = (System.nanoTime() - start) / 1e9;
    long heap = heapUsed(http, url);
    long rss = rssBytes(serverPid);

    long[] postedAt = new long[agents];
    long[] answeredAt = new long[agents];
    Map<Integer, String> answers = new ConcurrentHashMap<>();
    Semaphore answerers = new Semaphore(answerersCount);
    AtomicInteger refused = new AtomicInteger();
    long serverCpuStart = cpuNanos(serverPid);
    long benchCpuStart = ownCpuNanos();
    long answeringStart = System.nanoTime();
    CountDownLatch answered = new CountDownLatch(agents);
    for (int i = 0; i < agents; i++) {
      int n = i;
      threads.submit(
          () -> {
            try {
              if (questions[n] == null) {
                return;
              }
              answerers.acquire();
              try {
                String answer = "yes-" + n;
                postedAt[n] = System.nanoTime();
                HttpResponse<String> r =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create(url + "/api/v1/questions/" + questions[n] + "/answer"))
                            .header("Authorization", "Bearer " + humanKey)
                            .header("Content-Type", "application/json")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    "{\"answer\":\"" + answer + "\"}"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                answeredAt[n] = System.nanoTime();
                if (r.statusCode() / 100 == 2) {
                  answers.put(n, answer);
                } else {
                  refused.incrementAndGet();
                  System.err.println("answer " + n + ": HTTP " + r.statusCode() + " " + r.body());
                }
              } finally {
                answerers.release();
              }
            } catch (Exception e) {
              refused.incrementAndGet();
              System.err.println("answer " + n + ": " + e);
            } finally {
              answered.countDown();
            }
          });
    }
    answered.await();
    double answeringSeconds = (System.nanoTime() - answeringStart) / 1e9;
    boolean allReturned = done.await(60, TimeUnit.SECONDS);
    long serverCpu = cpuNanos(serverPid) - serverCpuStart;
    long benchCpu = ownCpuNanos() - benchCpuStart;
    double wallSeconds = (System.nanoTime() - answeringStart) / 1e9;

    List<Long> latencies = new ArrayList<>();
    List<Long> posts = new ArrayList<>();
    int lost = 0;
    for (int i = 0; i < agents; i++) {
      String expected = answers.get(i);
      boolean ok =
          expected != null
              && results[i] != null
              && results[i].contains("\"answer\":\"" + expected + "\"");
      if (ok) {
        latencies.add(returnedAt[i] - postedAt[i]);
        posts.add(answeredAt[i] - postedAt[i]);
      } else {
        lost++;
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] postSorted = posts.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "agents waiting in ask_question : %d (setup %.1f s, %d failed to start)%n",
        agents, setupSeconds, failures.get());
    System.out.printf("server heap used while waiting : %d MB%n", heap / (1 << 20));
    System.out.printf("server RSS while waiting       : %d MB%n", rss / (1 << 20));
    System.out.printf(
        "answers posted                 : %d by %d concurrent answerers in %.1f s (%.0f/s)%n",
        answers.size(), answerersCount, answeringSeconds, answers.size() / answeringSeconds);
    System.out.printf(
        "answer POST to agent's return  : p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        pct(sorted, 50), pct(sorted, 99), pct(sorted, 100));
    System.out.printf(
        "answer POST round trip         : p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        pct(postSorted, 50), pct(postSorted, 99), pct(postSorted, 100));
    int n = Math.max(1, answers.size());
    System.out.printf(
        "CPU per answer (%.1f s window) : server %.2f ms (%.0f %% of a core), load generator"
            + " %.2f ms (%.0f %%)%n",
        wallSeconds,
        serverCpu / 1e6 / n,
        100.0 * serverCpu / 1e9 / wallSeconds,
        benchCpu / 1e6 / n,
        100.0 * benchCpu / 1e9 / wallSeconds);
    System.out.printf(
        "answers lost                   : %d of %d (%d answer POSTs not 2xx or failed)%s%n",
        lost, agents, refused.get(), allReturned ? "" : " (some calls never returned)");
    threads.shutdownNow();
    System.exit(lost == 0 && allReturned ? 0 : 1);
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static String get(HttpClient http, String url, String key) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Sum of the server's heap pools, from its own /metrics. */
  private static long heapUsed(HttpClient http, String url) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return Arrays.stream(metrics.split("\n"))
        .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** User + system CPU of process {@code pid} so far, from /proc (clock ticks of 10 ms). */
  private static long cpuNanos(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long rssBytes(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return -1;
  }
}
