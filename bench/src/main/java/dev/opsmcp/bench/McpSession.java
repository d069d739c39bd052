package dev.opsmcp.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * One MCP client on streamable HTTP, spoken by hand so that the load generator costs the same for
 * both servers: initialize + notifications/initialized once, then {@code tools/call} POSTs whose
 * SSE answers are read to the end and checked. Not thread-safe: one per simulated client.
 */
final class McpSession {
  static final String PROTOCOL = "2025-06-18";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);

  private final HttpClient http;
  private final URI endpoint;
  private final String authorization;
  private final String sessionId;
  private long nextId = 1;

  private McpSession(HttpClient http, URI endpoint, String authorization, String sessionId) {
    this.http = http;
    this.endpoint = endpoint;
    this.authorization = authorization;
    this.sessionId = sessionId;
  }

  /** Runs the handshake; {@code key} is sent as a bearer token (the bare server ignores it). */
  static McpSession open(HttpClient http, URI endpoint, String key)
      throws IOException, InterruptedException {
    String authorization = "Bearer " + key;
    String init =
        """
        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s",\
        "capabilities":{},"clientInfo":{"name":"opsmcp-bench","version":"0.1.0"}}}"""
            .formatted(PROTOCOL);
    HttpResponse<String> response =
        http.send(post(endpoint, authorization, null, init), HttpResponse.BodyHandlers.ofString());
    String sessionId = response.headers().firstValue("Mcp-Session-Id").orElse(null);
    if (response.statusCode() != 200 || sessionId == null) {
      throw new IOException(
          "initialize at " + endpoint + ": HTTP " + response.statusCode() + " " + response.body());
    }
    String initialized = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    HttpResponse<Void> ack =
        http.send(
            post(endpoint, authorization, sessionId, initialized),
            HttpResponse.BodyHandlers.discarding());
    if (ack.statusCode() / 100 != 2) {
      throw new IOException("notifications/initialized: HTTP " + ack.statusCode());
    }
    return new McpSession(http, endpoint, authorization, sessionId);
  }

  /** Calls {@code system_info}; throws unless the answer is a successful result for this id. */
  void callSystemInfo() throws IOException, InterruptedException {
    callTool("system_info", "{}");
  }

  /**
   * Calls a tool with arguments given as a JSON object; returns the JSON-RPC answer (progress
   * notifications skipped), or throws unless it is a successful result for this id.
   */
  String callTool(String name, String argumentsJson) throws IOException, InterruptedException {
    long id = nextId++;
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
            + name
            + "\",\"arguments\":"
            + argumentsJson
            + "}}";
    HttpRequest request =
        HttpRequest.newBuilder(post(endpoint, authorization, sessionId, body), (n, v) -> true)
            .timeout(CALL_TIMEOUT) // a call may wait for a human
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    String data = sseData(response.body());
    if (response.statusCode() != 200
        || !data.contains("\"id\":" + id + ",")
        || !data.contains("\"structuredContent\"")
        || data.contains("\"isError\":true")) {
      throw new IOException(
          "tools/call: HTTP " + response.statusCode() + " " + abbreviate(response.body()));
    }
    return data;
  }

  /** Ends the session (DELETE), so that benchmark sessions do not pile up on the server. */
  void close() {
    try {
      http.send(
          HttpRequest.newBuilder(endpoint)
              .timeout(TIMEOUT)
              .header("Authorization", authorization)
              .header("Mcp-Session-Id", sessionId)
              .DELETE()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // The measurement is done; a session the server keeps is swept later.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HttpRequest post(URI endpoint, String authorization, String session, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", PROTOCOL);
    }
    return b.build();
  }

  /** The JSON-RPC message of an SSE answer (its {@code data:} lines), or the body if plain JSON. */
  static String sseData(String body) {
    if (body.startsWith("{")) {
      return body;
    }
    StringJoiner data = new StringJoiner("\n"); // SSE joins an event's data lines with LF
    for (String line : body.split("\r?\n")) {
      if (line.startsWith("data:")) {
        data.add(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    return data.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
