package dev.opsmcp.common.testing;

import dev.opsmcp.common.tool.Json;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A legacy SSE session driven by raw HTTP, for tests that send what no real client would: POSTs of
 * any bytes to its message endpoint, and the stream's responses matched to requests by id (safe to
 * use from several threads). Initialized on return; close it to end the stream.
 */
public final class RawSse implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String key;
  private final InputStream stream;
  private final Map<String, CompletableFuture<String>> responses = new ConcurrentHashMap<>();
  private final String messageUrl;
  private volatile boolean open = true;

  private RawSse(String baseUrl, String key, InputStream stream, BufferedReader reader)
      throws IOException {
    this.key = key;
    this.stream = stream;
    this.messageUrl = baseUrl + endpoint(reader);
    Thread.ofVirtual().start(() -> read(reader));
  }

  /** Opens {@code /sse}, then sends initialize (id 0) and notifications/initialized. */
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
      String init =
          Http.INITIALIZE.replace("2025-06-18", "2024-11-05").replace("\"id\":1", "\"id\":0");
      if (sse.post(init).statusCode() / 100 != 2
          || sse.response(0, Duration.ofSeconds(10)) == null) {
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
          dispatch(data.toString());
          data.setLength(0);
        }
      }
    } catch (IOException closed) {
      // the stream ended: no more events
    } finally {
      open = false;
    }
  }

  /** Responses go to whoever waits for their id; the server's own requests (pings) are dropped. */
  private void dispatch(String event) {
    try {
      JsonNode message = Json.MAPPER.readTree(event);
      JsonNode id = message.get("id");
      if (id != null && !message.has("method")) {
        future(id.toString()).complete(event);
      }
    } catch (JacksonException notJson) {
      future("unparsable").complete(event);
    }
  }

  private CompletableFuture<String> future(String id) {
    return responses.computeIfAbsent(id, i -> new CompletableFuture<>());
  }

  /** False once the server has ended the stream. */
  public boolean isOpen() {
    return open;
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
              .timeout(Duration.ofSeconds(30))
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
   * The stream's response to request {@code id} (a number or a string), or null if none arrives in
   * time.
   */
  public String response(Object id, Duration timeout) throws InterruptedException {
    String key = id instanceof String s ? Json.write(s) : String.valueOf(id);
    try {
      return future(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
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
