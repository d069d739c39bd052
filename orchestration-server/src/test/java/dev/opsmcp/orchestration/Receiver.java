package dev.opsmcp.orchestration;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP endpoint on a free port that records every request; the first {@code failures}
 * requests get 500, the rest 200. Shared with {@code dist}'s tests (this module's test-jar).
 */
public final class Receiver implements AutoCloseable {
  public record Request(
      String method, String path, Map<String, List<String>> headers, String body, long atNanos) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft;
  private final HttpServer server;

  public Receiver(int failures) {
    this.failuresLeft = new AtomicInteger(failures);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              new Request(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getRawPath(),
                  Map.copyOf(ex.getRequestHeaders()),
                  body,
                  System.nanoTime()));
          boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
          byte[] out = (fail ? "boom" : "done " + ex.getRequestURI().getRawPath()).getBytes();
          ex.sendResponseHeaders(fail ? 500 : 200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> to(String pathPrefix) {
    return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
