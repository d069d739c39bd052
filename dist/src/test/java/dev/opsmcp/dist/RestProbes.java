package dev.opsmcp.dist;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.tool.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messaging REST API under hostile input: every route with real, unknown and malformed ids,
 * each body field set to every hostile value, bodies that are not JSON objects, and hostile query
 * parameters; human routes with the human key, agent routes with the agent key, and swapped.
 */
final class RestProbes {
  private record Route(String method, String path, List<String> fields, List<String> query) {}

  private static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/sessions", List.of(), List.of("status", "agent", "limit", "cursor")),
          new Route("GET", "/sessions/{session}", List.of(), List.of()),
          new Route("POST", "/sessions/{session}/end", List.of("summary"), List.of()),
          new Route("GET", "/sessions/{session}/messages", List.of(), List.of("limit", "cursor")),
          new Route("POST", "/sessions/{session}/messages", List.of("content"), List.of()),
          new Route("GET", "/questions/{question}", List.of(), List.of()),
          new Route("POST", "/questions/{question}/answer", List.of("answer"), List.of()),
          new Route("GET", "/approvals/{approval}", List.of(), List.of()),
          new Route(
              "POST", "/approvals/{approval}/decision", List.of("decision", "comment"), List.of()),
          new Route(
              "POST",
              "/agent/messages",
              List.of("content", "session_id", "agent_name", "requires_user_input", "wait_seconds"),
              List.of()),
          new Route("POST", "/agent/steps", List.of("step", "session_id"), List.of()),
          new Route(
              "POST",
              "/agent/questions",
              List.of("question", "session_id", "choices", "wait_seconds"),
              List.of()),
          new Route("GET", "/agent/questions/{question}", List.of(), List.of("wait_seconds")),
          new Route(
              "POST",
              "/agent/approvals",
              List.of("action", "details", "risk", "session_id", "incident_id", "wait_seconds"),
              List.of()),
          new Route("GET", "/agent/approvals/{approval}", List.of(), List.of("wait_seconds")),
          new Route("POST", "/agent/sessions/{session}/end", List.of("summary"), List.of()),
          new Route("GET", "/openapi.json", List.of(), List.of()));

  private static final List<String> QUERY_VALUES =
      List.of(
          "-1",
          "0",
          "abc",
          "1.5",
          "1e9",
          "99999999999999999999",
          "",
          "%",
          "a\0b",
          "x".repeat(2_000));

  private final HostileInputIT suite;
  private final String api;
  private final String agentKey;
  private final String humanKey;

  RestProbes(HostileInputIT suite, String baseUrl, String agentKey, String humanKey) {
    this.suite = suite;
    this.api = baseUrl + "/api/v1";
    this.agentKey = agentKey;
    this.humanKey = humanKey;
  }

  void run() {
    Map<String, String> real = realIds();
    for (Route route : ROUTES) {
      String key = route.path().startsWith("/agent") ? agentKey : humanKey;
      for (String id :
          List.of("{real}", "nope", "x".repeat(3_000), "%ff", "%00", "..%2F..", "a%20b")) {
        String path = path(route.path(), real, id);
        send(route.method(), path, key, "{}");
      }
      String path = path(route.path(), real, "{real}");
      send(route.method(), path, route.path().startsWith("/agent") ? humanKey : agentKey, "{}");
      for (String name : route.query()) {
        for (String value : QUERY_VALUES) {
          send(
              route.method(),
              path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
              key,
              "{}");
        }
      }
      if (route.method().equals("POST")) {
        bodies(route, path, key);
      }
    }
  }

  private void bodies(Route route, String path, String key) {
    Map<String, Object> plausible = new LinkedHashMap<>();
    for (String field : route.fields()) {
      plausible.put(field, field.equals("decision") ? "approve" : "x");
    }
    plausible.remove("wait_seconds");
    for (String field : route.fields()) {
      for (String raw : HostileValues.RAW_VALUES) {
        Map<String, Object> others = new LinkedHashMap<>(plausible);
        others.remove(field);
        String rest = Json.write(others);
        String body =
            "{\"" + field + "\":" + raw + (others.isEmpty() ? "}" : "," + rest.substring(1));
        send("POST", path, key, body);
      }
    }
    send("POST", path, key, HostileValues.json(HostileValues.with(plausible, "colour", "red")));
    for (byte[] body : HostileValues.brokenBodies()) {
      String what = "POST " + path + " " + Verdicts.head(new String(body, StandardCharsets.UTF_8));
      suite.probe(
          what,
          () ->
              Verdicts.http(
                  "POST",
                  Http.post(
                      api + path,
                      body,
                      "Authorization",
                      Http.bearer(key),
                      "Content-Type",
                      "application/json")));
    }
  }

  private void send(String method, String path, String key, String body) {
    suite.probe(
        method + " /api/v1" + Verdicts.head(path) + " " + Verdicts.head(body),
        () -> {
          HttpResponse<String> r =
              Http.send(
                  method,
                  api + path,
                  method.equals("GET") ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                  "Authorization",
                  Http.bearer(key),
                  "Content-Type",
                  "application/json");
          return Verdicts.http(method, r);
        });
  }

  private static String path(String template, Map<String, String> real, String id) {
    String path = template;
    for (var e : real.entrySet()) {
      path = path.replace("{" + e.getKey() + "}", id.equals("{real}") ? e.getValue() : id);
    }
    return path;
  }

  /** A session, a question and an approval that exist, made through the agent REST API. */
  private Map<String, String> realIds() {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("session", field(post("/agent/steps", Map.of("step", "probing")), "session_id"));
    ids.put(
        "question",
        field(
            post(
                "/agent/questions",
                Map.of("question", "q?", "session_id", ids.get("session"), "wait_seconds", 0)),
            "question_id"));
    ids.put(
        "approval",
        field(
            post(
                "/agent/approvals",
                Map.of(
                    "action",
                    "a",
                    "details",
                    "d",
                    "risk",
                    "low",
                    "session_id",
                    ids.get("session"),
                    "wait_seconds",
                    0)),
            "approval_id"));
    return ids;
  }

  private HttpResponse<String> post(String path, Map<String, Object> body) {
    return Http.postJson(api + path, Json.write(body), "Authorization", Http.bearer(agentKey));
  }

  private static String field(HttpResponse<String> r, String name) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("setting up REST probes failed: " + r.body());
    }
    return Json.MAPPER.readTree(r.body()).get(name).asString();
  }
}
