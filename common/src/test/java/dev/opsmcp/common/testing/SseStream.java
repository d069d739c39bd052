package dev.opsmcp.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server-sent-events response read line by line on a virtual thread, over a real socket: tests
 * wait for a line, or for the server to end the stream. Close it after use.
 */
public final class SseStream implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final Pattern PING =
      Pattern.compile("\"method\":\"ping\",\"id\":(\"[^\"]*\"|\\d+)");

  private final HttpResponse<InputStream> response;
  private final String[] headers;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile URI pongTo;

  private SseStream(HttpResponse<InputStream> response, String[] headers) {
    this.response = response;
    this.headers = headers;
    Thread.ofVirtual().name("sse-test-reader").start(this::read);
  }

  /**
   * GETs {@code url} with {@code Accept: text/event-stream} and the given header pairs. Like a real
   * MCP client it answers the server's keep-alive pings (the SDK closes a session whose pings go
   * unanswered): on a legacy SSE stream at its message endpoint, on a streamable-HTTP GET stream at
   * the same URL with the same headers.
   */
  public static SseStream open(String url, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      SseStream stream =
          new SseStream(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()), headers);
      if (url.endsWith("/mcp")) {
        stream.pongTo = URI.create(url);
      }
      return stream;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (var in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
        if (line.startsWith("data: /")) {
          pongTo = response.uri().resolve(line.substring("data: ".length()));
        }
        Matcher ping = PING.matcher(line);
        if (ping.find() && pongTo != null) {
          pong(ping.group(1));
        }
      }
    } catch (IOException closed) {
      // the server or the test closed the stream
    } finally {
      ended.countDown();
    }
  }

  private void pong(String id) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(pongTo)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}"));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding());
  }

  public int status() {
    return response.statusCode();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The first line matching {@code p} within {@code timeout}, or empty. */
  public Optional<String> await(Predicate<String> p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> hit = lines.stream().filter(p).findFirst();
      if (hit.isPresent() || System.nanoTime() > deadline || ended.getCount() == 0) {
        return hit.isPresent() ? hit : lines.stream().filter(p).findFirst();
      }
      Thread.sleep(20);
    }
  }

  /** True when the server ended the response within {@code timeout}. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
