package dev.opsmcp.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP for tests that check status codes, headers and bodies the MCP client hides. */
public final class Http {
  public static final String INITIALIZE =
      """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
      "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public static HttpResponse<String> get(String url, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  /** POSTs JSON with the Accept header streamable HTTP requires. */
  public static HttpResponse<String> postJson(String url, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(b, headers);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(
          b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Initializes a streamable-HTTP session by hand; returns its Mcp-Session-Id. */
  public static String session(String baseUrl, String credential) {
    HttpResponse<String> init =
        postJson(baseUrl + "/mcp", INITIALIZE, "Authorization", bearer(credential));
    String id =
        init.headers()
            .firstValue("Mcp-Session-Id")
            .orElseThrow(() -> new IllegalStateException("initialize failed: " + init.body()));
    postJson(
        baseUrl + "/mcp",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "Authorization",
        bearer(credential),
        "Mcp-Session-Id",
        id);
    return id;
  }

  /** POSTs raw bytes with the given headers (name, value, …). */
  public static HttpResponse<String> post(String url, byte[] body, String... headers) {
    return send(
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        headers);
  }

  /** Any method, raw bytes (empty for none). */
  public static HttpResponse<String> send(
      String method, String url, byte[] body, String... headers) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)),
        headers);
  }

  /**
   * Any method to a fixture's endpoint, raw bytes both ways: the content type and the credential
   * (each null for none) and further headers (name, value, …); 60 seconds for an answer.
   */
  public static HttpResponse<byte[]> exchange(
      String method,
      String url,
      String credential,
      String contentType,
      byte[] body,
      String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (credential != null) {
      b.header("Authorization", bearer(credential));
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String bearer(String credential) {
    return "Bearer " + credential;
  }
}
