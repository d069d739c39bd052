package dev.opsmcp.dist;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.Internals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every path of a server under every HTTP method, the MCP endpoint under abused headers, and raw
 * requests no HTTP client would send. A 501 or 505 is a right answer there, if it does not claim an
 * internal error.
 */
final class HttpProbes {
  record Probe(String what, String method, Supplier<HttpResponse<String>> send) {}

  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "TRACE", "HEAD");

  static final List<String> RAW_REQUESTS =
      List.of(
          "GET /health HTTP/9.9\r\nHost: x\r\n\r\n",
          "GET /health HTTP/1.1\r\n\r\n",
          "GARBAGE\r\n\r\n",
          "GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
          "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
          "POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
          "POST /mcp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
          "GET /" + "p".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /%ff%00/../.. HTTP/1.1\r\nHost: x\r\n\r\n");

  private HttpProbes() {}

  static List<Probe> probes(String server, String base, String key) {
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/mcp",
                "/message",
                "/message?sessionId=nope",
                "/health",
                "/metrics",
                "/.well-known/oauth-protected-resource",
                "/nope"));
    if (server.equals("log-analytics")) {
      paths.addAll(List.of("/api/v1/logs", "/v1/logs"));
    }
    if (server.equals("messaging")) {
      paths.addAll(List.of("/", "/api/v1/sessions", "/api/v1/openapi.json", "/api/v1/nope"));
    }
    List<Probe> probes = new ArrayList<>();
    for (String path : paths) {
      for (String method : METHODS) {
        probes.add(
            new Probe(
                method + " " + path,
                method,
                () ->
                    Http.send(
                        method,
                        base + path,
                        new byte[0],
                        "Authorization",
                        Http.bearer(key),
                        "Accept",
                        "application/json")));
      }
    }
    probes.add(
        new Probe(
            "HEAD /sse",
            "HEAD",
            () ->
                Http.send("HEAD", base + "/sse", new byte[0], "Authorization", Http.bearer(key))));
    for (String[] headers : abusedHeaders(key)) {
      probes.add(
          new Probe(
              "POST /mcp with " + Verdicts.head(String.join(": ", headers)),
              "POST",
              () ->
                  Http.post(
                      base + "/mcp", Http.INITIALIZE.getBytes(StandardCharsets.UTF_8), headers)));
    }
    return probes;
  }

  /** Header sets for POST /mcp; each is complete (what is left out is meant to be missing). */
  private static List<String[]> abusedHeaders(String key) {
    String auth = Http.bearer(key);
    String json = "application/json";
    String accept = "application/json, text/event-stream";
    String huge = "h".repeat(4_000);
    List<String[]> sets = new ArrayList<>();
    for (String type :
        List.of(
            "text/plain",
            "application/json; charset=" + "x".repeat(5_000),
            "application/json; charset=latin1",
            "application/json; charset=\"utf-8\"",
            "application/json; charset=",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
            ";;;",
            huge)) {
      sets.add(new String[] {"Authorization", auth, "Accept", accept, "Content-Type", type});
    }
    sets.add(new String[] {"Authorization", auth, "Accept", accept});
    for (String a : List.of("application/json", "text/event-stream", "*/*", huge)) {
      sets.add(new String[] {"Authorization", auth, "Accept", a, "Content-Type", json});
    }
    for (String[] extra :
        List.of(
            new String[] {"Mcp-Session-Id", "nope"},
            new String[] {"Mcp-Session-Id", huge},
            new String[] {"Mcp-Session-Id", "../x"},
            new String[] {"MCP-Protocol-Version", "garbage"},
            new String[] {"MCP-Protocol-Version", huge},
            new String[] {"Content-Encoding", "gzip"},
            new String[] {"Content-Encoding", huge},
            new String[] {"Origin", "http://evil.example"},
            new String[] {"Origin", "null"},
            new String[] {"Origin", huge},
            new String[] {"X-Forwarded-For", huge})) {
      sets.add(
          new String[] {
            "Authorization", auth, "Accept", accept, "Content-Type", json, extra[0], extra[1]
          });
    }
    for (String credentials :
        List.of("Bearer", "Bearer " + huge, "Basic YTpi", "Bearer opsmcp_nope", "bearer " + key)) {
      sets.add(new String[] {"Authorization", credentials, "Accept", accept, "Content-Type", json});
    }
    sets.add(new String[] {"X-API-Key", huge, "Accept", accept, "Content-Type", json});
    return sets;
  }

  /** {@link Verdicts#http}, but a 501 or 505 is right as long as it does not claim more. */
  static String verdict(String method, HttpResponse<String> r) {
    if (r.statusCode() == 501 || r.statusCode() == 505) {
      String body = r.body() == null ? "" : r.body();
      if (body.toLowerCase(java.util.Locale.ROOT).contains("internal error")) {
        return "HTTP " + r.statusCode() + " claims an internal error: " + Verdicts.head(body);
      }
      if (!method.equals("HEAD") && body.isBlank()) {
        return "HTTP " + r.statusCode() + " with an empty body";
      }
      return Internals.in(body) == null ? null : "HTTP " + r.statusCode() + " shows internals";
    }
    return Verdicts.http(method, r);
  }

  /** Sends {@code request} as is over a socket; checks the status line and body it gets back. */
  static String raw(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (answer.isEmpty()) {
        return "no answer at all";
      }
      String statusLine = answer.lines().findFirst().orElse("");
      String[] parts = statusLine.split(" ");
      int status = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : 0;
      int split = answer.indexOf("\r\n\r\n");
      String body = split < 0 ? "" : answer.substring(split + 4);
      if (status == 0) {
        return "not an HTTP answer: " + Verdicts.head(answer);
      }
      if (status >= 500 && status != 501 && status != 505) {
        return "HTTP " + status + ": " + Verdicts.head(body);
      }
      if (body.toLowerCase(java.util.Locale.ROOT).contains("internal error")) {
        return "HTTP " + status + " claims an internal error";
      }
      if (Internals.in(body) != null) {
        return "HTTP " + status + " shows " + Internals.in(body) + ": " + Verdicts.head(body);
      }
      return null;
    } catch (IOException e) {
      return "the connection failed: " + e;
    }
  }
}
