package dev.opsmcp.dist;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Executors;

/**
 * The local receiver that {@code scripts/opsmcp demo} starts on 127.0.0.1 and leaves running: the
 * demo tenant's webhook channel posts to {@code /notify}, the demo runbooks call the demo deploy
 * API under {@code /deploys/}, and the demo catalog's health URLs are {@code /health/<service>}.
 * Every request is appended to the log file given at start, one line each (method, path, body), so
 * a person sees what notifications and remediations reached it. It changes nothing anywhere else.
 * Stop it with {@code scripts/opsmcp demo stop}.
 */
public final class DemoReceiver {
  private DemoReceiver() {}

  /** {@code DemoReceiver PORT LOG_FILE}. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Path log = Path.of(args[1]);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/", exchange -> handle(exchange, log));
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    append(log, "demo receiver listening on 127.0.0.1:" + port);
  }

  private static void handle(HttpExchange exchange, Path log) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readNBytes(64 * 1024);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      append(
          log,
          method
              + " "
              + path
              + (body.length == 0
                  ? ""
                  : " " + new String(body, StandardCharsets.UTF_8).replace('\n', ' ')));
      String answer;
      int status = 200;
      if (path.startsWith("/health/")) {
        answer = "{\"status\":\"ok\"}";
      } else if (path.equals("/notify")) {
        answer = "{\"received\":true}";
      } else if (path.matches("/deploys/[a-z0-9-]+/rollback") && method.equals("POST")) {
        answer =
            "{\"status\":\"rollback recorded by the demo receiver\",\"body\":" + json(body) + "}";
      } else if (path.matches("/deploys/[a-z0-9-]+") && method.equals("GET")) {
        String service = path.substring("/deploys/".length());
        answer =
            service.equals("payments-api")
                ? "{\"service\":\"payments-api\",\"version\":\"v2.14.0\",\"previous\":\"v2.13.2\","
                    + "\"config\":{\"db.pool.max_size\":10},\"previous_config\":"
                    + "{\"db.pool.max_size\":50}}"
                : "{\"service\":\"" + service + "\",\"note\":\"no recent deploy\"}";
      } else {
        status = 404;
        answer = "{\"error\":\"the demo receiver serves /notify, /health/<service>, /deploys/…\"}";
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The request body as a JSON string value (the receiver does not parse it). */
  private static String json(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static synchronized void append(Path log, String line) {
    try {
      Files.writeString(
          log,
          Instant.now() + " " + line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("demo receiver: cannot write " + log + ": " + e.getMessage());
    }
  }
}
