package dev.opsmcp.dist;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP endpoint that answers 200 to everything and keeps every request (method, path,
 * body): the notification channel and the runbooks of the scale-out test post here.
 */
final class Webhooks implements AutoCloseable {
  record Request(String method, String path, String body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  Webhooks() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(
                new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
            exchange.sendResponseHeaders(200, -1);
          }
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests to {@code path} carried {@code text} in their body. */
  long count(String path, String text) {
    return requests.stream().filter(r -> r.path().equals(path) && r.body().contains(text)).count();
  }

  long count(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
