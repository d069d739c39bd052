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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A legacy SSE session driven by raw HTTP, for tests that send what no real client would: the
 * stream's {@code message} events in a queue, and POSTs of any bytes to its message endpoint.
 * Initialized on return; close it to end the stream.
 */
public final class RawSse implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String key;
  private final InputStream stream;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final String messageUrl;

  private RawSse(String baseUrl, String key, InputStream stream, BufferedReader reader)
      throws IOException {
    this.baseUrl = baseUrl;
    this.key = key;
    this.stream = stream;
    this.messageUrl = baseUrl + endpoint(reader);
    Thread.ofVirtual().start(() -> read(reader));
  }

  /** Opens {@code /sse}, then sends initialize and notifications/initialized. */
  public static RawSse open(String baseUrl, String key) {
    try {
      HttpResponse<InputStream> r =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/sse"))
                  .header("Authorization", Http.bearer(key))
                  .header("Accept", "text/event-stream")
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
      RawSse sse = new RawSse(baseUrl, key, r.body(), reader);
      String init = Http.INITIALIZE.replace("2025-06-18", "2024-11-05");
      if (sse.post(init).statusCode() / 100 != 2 || sse.next(Duration.ofSeconds(10)) == null) {
        throw new IllegalStateException("SSE initialize was not answered");
      }
      sse.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      return sse;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String endpoint(BufferedReader reader) throws IOException {
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("data:")) {
        return line.substring(5).strip();
      }
    }
    throw new IOException("SSE stream ended before its endpoint event");
  }

  private void read(BufferedReader reader) {
    try {
      StringBuilder data = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        } else if (line.isEmpty() && !data.isEmpty()) {
          events.add(data.toString());
          data.setLength(0);
        }
      }
    } catch (IOException closed) {
      // the stream ended: no more events
    }
  }

  public String messageUrl() {
    return messageUrl;
  }

  public HttpResponse<String> post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  /** POSTs raw bytes to this session's message endpoint as {@code application/json}. */
  public HttpResponse<String> post(byte[] body) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(URI.create(messageUrl))
              .header("Authorization", Http.bearer(key))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(20))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The next event's data that carries {@code "id":<id>} (a response), skipping others such as
   * keep-alive pings; null if none arrives in time.
   */
  public String response(Object id, Duration timeout) throws InterruptedException {
    String marker = "\"id\":" + (id instanceof String s ? "\"" + s + "\"" : id) + ",";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String event = next(Duration.ofNanos(deadline - System.nanoTime()));
      if (event == null || event.contains(marker) && !event.contains("\"method\":\"ping\"")) {
        return event;
      }
    }
  }

  /** The next event's data, or null if none arrives in time. */
  public String next(Duration timeout) throws InterruptedException {
    return events.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
