package dev.opsmcp.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code clients} MCP sessions, one platform thread each, calling {@code system_info} back to back
 * against one server: a warm-up, then a measured window in which every call that starts and ends
 * inside it counts.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  /** {@code server}, if known, is the server's process: its CPU time is read around the window. */
  static Measurement run(
      URI endpoint,
      String key,
      ProcessHandle server,
      int clients,
      Duration warmup,
      Duration measure)
      throws Exception {
    // Several HttpClients spread the connections over several selector threads.
    List<HttpClient> https = new ArrayList<>();
    for (int i = 0; i < Math.min(clients, 4); i++) {
      https.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }
    List<McpSession> sessions = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      sessions.add(McpSession.open(https.get(i % https.size()), endpoint, key));
    }
    try {
      return measure(endpoint, server, sessions, warmup, measure);
    } finally {
      sessions.forEach(McpSession::close);
      https.forEach(HttpClient::close);
    }
  }

  private static Measurement measure(
      URI endpoint,
      ProcessHandle server,
      List<McpSession> sessions,
      Duration warmup,
      Duration measure)
      throws InterruptedException {
    long measureStart = System.nanoTime() + warmup.toNanos();
    long measureEnd = measureStart + measure.toNanos();
    List<Client> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (McpSession session : sessions) {
      Client worker = new Client(session, measureStart, measureEnd);
      workers.add(worker);
      threads.add(Thread.ofPlatform().name("bench-client").start(worker));
    }
    long cpuNanos = serverCpu(server, measureStart, measureEnd);
    for (Thread t : threads) {
      t.join();
    }

    long errors = workers.stream().mapToLong(w -> w.errors).sum();
    workers.stream()
        .filter(w -> w.firstError != null)
        .findFirst()
        .ifPresent(
            w ->
                System.err.printf(
                    "  %d failed calls at %s; first: %s%n", errors, endpoint, w.firstError));
    long[] all = workers.stream().flatMapToLong(w -> Arrays.stream(w.samples.toArray())).toArray();
    Arrays.sort(all);
    return new Measurement(sessions.size(), all, errors, measure.toNanos() / 1e9, cpuNanos);
  }

  /** One simulated client: calls until the window ends, keeping the latencies inside it. */
  private static final class Client implements Runnable {
    private final McpSession session;
    private final long measureStart;
    private final long measureEnd;
    private final Samples samples = new Samples();
    private long errors;
    private Exception firstError;

    Client(McpSession session, long measureStart, long measureEnd) {
      this.session = session;
      this.measureStart = measureStart;
      this.measureEnd = measureEnd;
    }

    @Override
    public void run() {
      for (long start = System.nanoTime(); start < measureEnd; start = System.nanoTime()) {
        try {
          session.callSystemInfo();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          errors++;
          firstError = firstError == null ? e : firstError;
          continue;
        }
        long end = System.nanoTime();
        if (start >= measureStart && end <= measureEnd) {
          samples.add(end - start);
        }
      }
    }
  }

  /** CPU time {@code server} uses between two {@link System#nanoTime} instants, or -1. */
  private static long serverCpu(ProcessHandle server, long from, long to)
      throws InterruptedException {
    if (server == null) {
      return -1;
    }
    sleepUntil(from);
    long before = cpuNanos(server);
    sleepUntil(to);
    long after = cpuNanos(server);
    return before < 0 || after < 0 ? -1 : after - before;
  }

  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }
}
