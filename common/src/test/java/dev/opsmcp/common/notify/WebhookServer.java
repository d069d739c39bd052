package dev.opsmcp.common.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A webhook receiver on raw sockets, so that it can misbehave the way real ones do: answer, or send
 * the status line and headers and then stall (the body never comes), for a while or for good.
 * Counts requests and the most connections it held at once.
 */
final class WebhookServer implements AutoCloseable {
  /** What to do with the n-th request (1-based). */
  enum Behaviour {
    ANSWER_200,
    HEADERS_THEN_STALL,
    HEADERS_THEN_STALL_3S_THEN_CLOSE
  }

  final List<String> bodies = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final ServerSocket server;
  private final IntFunction<Behaviour> behaviour;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  WebhookServer(IntFunction<Behaviour> behaviour) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.behaviour = behaviour;
    Thread.ofVirtual().start(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    maxConcurrent.accumulateAndGet(open.incrementAndGet(), Math::max);
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        String body = readRequest(in);
        if (body == null) {
          return;
        }
        bodies.add(body);
        switch (behaviour.apply(requests.incrementAndGet())) {
          case ANSWER_200 -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
            out.flush();
          }
          case HEADERS_THEN_STALL -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes());
            out.flush();
            holdUntilClientLeaves(s, 120_000);
            return;
          }
          case HEADERS_THEN_STALL_3S_THEN_CLOSE -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes());
            out.flush();
            holdUntilClientLeaves(s, 3_000);
            return;
          }
        }
      }
    } catch (IOException e) {
      // the client gave up, or the test ended
    } finally {
      open.decrementAndGet();
    }
  }

  /** Sends nothing more; returns when the client closes the connection or after {@code millis}. */
  private static void holdUntilClientLeaves(Socket s, int millis) throws IOException {
    s.setSoTimeout(millis);
    try {
      while (s.getInputStream().read() >= 0) {
        // a client sends nothing more on this exchange
      }
    } catch (java.net.SocketTimeoutException stillThere) {
      // time is up: the connection is closed on return
    }
  }

  /** The body of the next request on this connection, or null at its end. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; matched < 4; ) {
      b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
