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
 * A REST API under hostile input: every route with real, unknown and malformed ids, each body field
 * set to every hostile value, bodies that are not JSON objects, and hostile query parameters; each
 * route with the key it needs, and with one that lacks its scope.
 */
final class RestProbes {
  /** A route; {@code agent} routes take the agent key, the others the human (or only) key. */
  record Route(String method, String path, List<String> fields, List<String> query) {
    boolean agent() {
      return path.startsWith("/agent");
    }
  }

  private static final List<Route> MESSAGING =
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

  private static final List<Route> MONITORING =
      List.of(
          new Route("GET", "/services", List.of(), List.of("team")),
          new Route("GET", "/services/{service}", List.of(), List.of()),
          new Route(
              "PUT",
              "/services/{service}",
              List.of("team", "depends_on", "health_url", "slo", "runbook_url"),
              List.of()),
          new Route("DELETE", "/services/{service}", List.of(), List.of()),
          new Route(
              "POST",
              "/changes",
              List.of("service", "kind", "version", "description", "at"),
              List.of()),
          new Route("GET", "/changes", List.of(), List.of("since", "service")));

  private static final List<Route> ORCHESTRATION =
      List.of(
          new Route(
              "GET",
              "/incidents",
              List.of(),
              List.of("status", "service", "severity", "since", "limit", "cursor")),
          new Route("GET", "/incidents/{incident}", List.of(), List.of("order", "limit", "cursor")),
          new Route("GET", "/incidents/{incident}/postmortem", List.of(), List.of()),
          new Route("POST", "/incidents", List.of("title"), List.of()),
          new Route("DELETE", "/incidents/{incident}", List.of(), List.of()));

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

  private static final List<String> IDS =
      List.of("{real}", "nope", "x".repeat(3_000), "%ff", "%00", "..%2F..", "a%20b");

  private final HostileInputIT suite;
  private final String api;
  private final List<Route> routes;
  private final String agentKey;
  private final String humanKey;
  private final String foreignKey;
  private final Map<String, String> real;

  private RestProbes(
      HostileInputIT suite,
      String baseUrl,
      List<Route> routes,
      String agentKey,
      String humanKey,
      String foreignKey) {
    this.suite = suite;
    this.api = baseUrl + "/api/v1";
    this.routes = routes;
    this.agentKey = agentKey;
    this.humanKey = humanKey;
    this.foreignKey = foreignKey;
    this.real = new LinkedHashMap<>();
  }

  /** The messaging API; a session, a question and an approval made through its agent side. */
  static RestProbes messaging(
      HostileInputIT suite, String baseUrl, String agentKey, String humanKey) {
    RestProbes probes = new RestProbes(suite, baseUrl, MESSAGING, agentKey, humanKey, agentKey);
    String session =
        probes.field(probes.post("/agent/steps", Map.of("step", "probing")), "session_id");
    probes.real.put("session", session);
    probes.real.put(
        "question",
        probes.field(
            probes.post(
                "/agent/questions",
                Map.of("question", "q?", "session_id", session, "wait_seconds", 0)),
            "question_id"));
    Map<String, Object> approval = new LinkedHashMap<>();
    approval.putAll(Map.of("action", "a", "details", "d", "risk", "low"));
    approval.putAll(Map.of("session_id", session, "wait_seconds", 0));
    probes.real.put(
        "approval", probes.field(probes.post("/agent/approvals", approval), "approval_id"));
    return probes;
  }

  /** The monitoring catalog and changes API; {@code foreignKey} opens no monitoring route. */
  static RestProbes monitoring(
      HostileInputIT suite, String baseUrl, String key, String foreignKey) {
    RestProbes probes = new RestProbes(suite, baseUrl, MONITORING, key, key, foreignKey);
    probes.real.put("service", "probed-service");
    HttpResponse<String> put =
        Http.send(
            "PUT",
            probes.api + "/services/probed-service",
            "{\"team\":\"t\"}".getBytes(StandardCharsets.UTF_8),
            "Authorization",
            Http.bearer(key),
            "Content-Type",
            "application/json");
    if (put.statusCode() != 200) {
      throw new IllegalStateException("setting up REST probes failed: " + put.body());
    }
    return probes;
  }

  /** Orchestration's incident API, over an incident opened with create_incident. */
  static RestProbes orchestration(
      HostileInputIT suite, String baseUrl, String key, String foreignKey) {
    RestProbes probes = new RestProbes(suite, baseUrl, ORCHESTRATION, key, key, foreignKey);
    io.modelcontextprotocol.client.McpSyncClient client =
        dev.opsmcp.common.testing.McpClients.streamable(baseUrl, key);
    try {
      var result =
          client.callTool(
              new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(
                  "create_incident",
                  Map.of("title", "probed", "severity", "SEV3", "services", List.of("probed"))));
      Map<?, ?> incident = (Map<?, ?>) ((Map<?, ?>) result.structuredContent()).get("incident");
      probes.real.put("incident", String.valueOf(incident.get("id")));
    } finally {
      client.closeGracefully();
    }
    return probes;
  }

  void run() {
    for (Route route : routes) {
      String key = route.agent() ? agentKey : humanKey;
      for (String id : IDS) {
        send(route.method(), path(route.path(), id), key, "{}");
      }
      String path = path(route.path(), "{real}");
      send(route.method(), path, foreignKey.equals(key) ? humanKey : foreignKey, "{}");
      for (String name : route.query()) {
        for (String value : QUERY_VALUES) {
          send(
              route.method(),
              path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
              key,
              "{}");
        }
      }
      if (!route.fields().isEmpty()) {
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
        send(route.method(), path, key, body);
      }
    }
    send(
        route.method(),
        path,
        key,
        HostileValues.json(HostileValues.with(plausible, "colour", "red")));
    for (byte[] body : HostileValues.brokenBodies()) {
      String what =
          route.method()
              + " "
              + path
              + " "
              + Verdicts.head(new String(body, StandardCharsets.UTF_8));
      suite.probe(
          what,
          () ->
              Verdicts.http(
                  route.method(),
                  Http.send(
                      route.method(),
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

  private String path(String template, String id) {
    String path = template;
    for (var e : real.entrySet()) {
      path = path.replace("{" + e.getKey() + "}", id.equals("{real}") ? e.getValue() : id);
    }
    return path;
  }

  private HttpResponse<String> post(String path, Map<String, Object> body) {
    return Http.postJson(api + path, Json.write(body), "Authorization", Http.bearer(agentKey));
  }

  private String field(HttpResponse<String> r, String name) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("setting up REST probes failed: " + r.body());
    }
    return Json.MAPPER.readTree(r.body()).get(name).asString();
  }
}
