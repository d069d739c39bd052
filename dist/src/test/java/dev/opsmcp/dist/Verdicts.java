package dev.opsmcp.dist;

import dev.opsmcp.common.testing.Internals;
import dev.opsmcp.common.tool.Json;
import java.net.http.HttpResponse;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the hostile-input suite asks of every answer. Each check returns null when the answer is
 * fine, or what is wrong with it.
 */
final class Verdicts {
  /** Longer error texts than this echo the input back (or are not written for a reader). */
  static final int MAX_ERROR_CHARS = 4_000;

  private static final Set<Integer> NO_BODY = Set.of(202, 204, 304);

  private Verdicts() {}

  /** Any HTTP answer: no 5xx, a body unless none is due, no internals, errors kept short. */
  static String http(String method, HttpResponse<String> r) {
    int status = r.statusCode();
    String body = r.body() == null ? "" : r.body();
    if (status >= 500) {
      return "HTTP " + status + ": " + head(body);
    }
    boolean bodyDue =
        !method.equals("HEAD") && !method.equals("OPTIONS") && !NO_BODY.contains(status);
    if (bodyDue && body.isBlank()) {
      return "HTTP " + status + " with an empty body";
    }
    String leak = Internals.in(body);
    if (leak != null) {
      return "HTTP " + status + " shows '" + leak + "': " + around(body, leak);
    }
    if (status >= 400 && body.length() > MAX_ERROR_CHARS) {
      return "HTTP " + status + " error of " + body.length() + " characters: " + head(body);
    }
    return null;
  }

  /**
   * A streamable-HTTP answer to JSON-RPC request {@code id}: a clean 4xx, or a JSON-RPC response
   * (plain JSON or in an event) that is clean.
   */
  static String streamable(HttpResponse<String> r, long id) {
    String problem = http("POST", r);
    if (problem != null || r.statusCode() >= 400) {
      return problem;
    }
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("text/event-stream")) {
      return jsonRpc(r.body(), id);
    }
    for (String event : r.body().split("\n\n")) {
      StringBuilder data = new StringBuilder();
      event.lines().filter(l -> l.startsWith("data:")).forEach(l -> data.append(l.substring(5)));
      if (data.toString().contains("\"id\":" + id)) {
        return jsonRpc(data.toString().strip(), id);
      }
    }
    return "no answer to request " + id + " in the event stream: " + head(r.body());
  }

  /** A JSON-RPC response to request {@code id}: there, clean, and errors kept short. */
  static String jsonRpc(String answer, long id) {
    if (answer == null || answer.isBlank()) {
      return "no answer to request " + id;
    }
    String leak = Internals.in(answer);
    if (leak != null) {
      return "answer shows '" + leak + "': " + around(answer, leak);
    }
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(answer);
    } catch (JacksonException e) {
      return "answer is not JSON: " + head(answer);
    }
    if (message.get("id") == null || message.get("id").asLong(-1) != id) {
      return "answer is for another request: " + head(answer);
    }
    JsonNode error = message.get("error");
    if (error != null && error.path("code").asInt() == -32603) {
      return "JSON-RPC internal error (the MCP twin of a 500): " + head(answer);
    }
    if (error != null) {
      return error.toString().length() > MAX_ERROR_CHARS
          ? "JSON-RPC error of " + error.toString().length() + " characters: " + head(answer)
          : null;
    }
    JsonNode result = message.get("result");
    if (result == null) {
      return "neither result nor error: " + head(answer);
    }
    if (result.path("isError").asBoolean(false)
        && result.path("content").toString().length() > MAX_ERROR_CHARS) {
      return "isError text of " + result.path("content").toString().length() + " characters";
    }
    return null;
  }

  /** Whether a JSON-RPC answer is a tool's success (not isError, not an error). */
  static boolean succeeded(String answer) {
    try {
      JsonNode message = Json.MAPPER.readTree(answer);
      return message.has("result") && !message.path("result").path("isError").asBoolean(false);
    } catch (JacksonException e) {
      return false;
    }
  }

  static String head(String text) {
    String t = text == null ? "" : text.replace('\n', ' ');
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }

  private static String around(String text, String marker) {
    int at = text.indexOf(marker);
    return "…" + text.substring(Math.max(0, at - 150), Math.min(text.length(), at + 150)) + "…";
  }
}
