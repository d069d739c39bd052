package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alert intake over real HTTP: dedupe, replay, resolution, re-firing, refusals, no 429. */
class AlertsIT {
  static TestServer orch;
  static TestServer limited;
  static String alertKey;
  static Agent agent;

  @BeforeAll
  static void start() throws Exception {
    orch = TestServer.start(OrchestrationServer.SPEC);
    limited =
        TestServer.start(
            OrchestrationServer.SPEC,
            Map.of("OPSMCP_RATE_LIMIT_PER_MINUTE", "5"),
            orch.db(),
            false);
    alertKey = orch.newKey("acme", Scope.ALERTS_WRITE);
    agent =
        new Agent(orch.baseUrl(), orch.newKey("acme", Scope.INCIDENTS_READ, Scope.INCIDENTS_WRITE));
  }

  @AfterAll
  static void stop() {
    agent.close();
    limited.close();
    orch.close();
  }

  static String group(String groupKey, String status, String... alerts) {
    return """
        {"version":"4","groupKey":"%s","truncatedAlerts":0,"status":"%s","receiver":"opsmcp",
         "groupLabels":{"alertname":"HighLatency"},
         "commonLabels":{"alertname":"HighLatency","severity":"critical"},
         "commonAnnotations":{"summary":"checkout p99 above 2s"},
         "externalURL":"http://am","alerts":[%s]}"""
        .formatted(groupKey, status, String.join(",", alerts));
  }

  static String alert(String fingerprint, String status, String service, String endsAt) {
    return """
        {"status":"%s","labels":{"alertname":"HighLatency","service":"%s","instance":"%s"},
         "annotations":{"summary":"p99 above 2s on %s"},"startsAt":"2025-01-31T12:00:00Z",
         "endsAt":"%s","generatorURL":"http://prom/graph","fingerprint":"%s"}"""
        .formatted(status, service, fingerprint, fingerprint, endsAt, fingerprint);
  }

  static HttpResponse<String> post(String path, String body, String key) {
    return Http.postJson(
        orch.baseUrl() + "/api/v1/alerts/" + path, body, "Authorization", Http.bearer(key));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return (Map<String, Object>) Json.MAPPER.readValue(r.body(), Map.class);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> timeline(Object ref) {
    return (List<Map<String, Object>>)
        agent
            .call("get_incident", Map.of("incident_id", ref, "order", "oldest", "limit", 200))
            .get("timeline");
  }

  @Test
  void firing_opens_secondAlert_joins_replay_changesNothing_resolved_recordsAndAutoResolves() {
    String g = "{}:{alertname=\\\"HighLatency\\\"}-1";
    String first = group(g, "firing", alert("fa", "firing", "checkout", "0001-01-01T00:00:00Z"));
    Map<String, Object> opened = json(post("alertmanager", first, alertKey));
    assertThat(opened).containsEntry("opened", true).containsEntry("events_added", 1);
    Object ref = opened.get("incident_ref");
    @SuppressWarnings("unchecked")
    Map<String, Object> inc =
        (Map<String, Object>)
            agent.call("get_incident", Map.of("incident_id", ref)).get("incident");
    assertThat(inc)
        .containsEntry("title", "checkout p99 above 2s")
        .containsEntry("severity", "SEV1")
        .containsEntry("services", List.of("checkout"));

    String both =
        group(
            g,
            "firing",
            alert("fa", "firing", "checkout", "0001-01-01T00:00:00Z"),
            alert("fb", "firing", "payments", "0001-01-01T00:00:00Z"));
    Map<String, Object> joined = json(post("alertmanager", both, alertKey));
    assertThat(joined)
        .containsEntry("incident_ref", ref)
        .containsEntry("opened", false)
        .containsEntry("events_added", 1);

    int before = timeline(ref).size();
    HttpResponse<String> replay = post("alertmanager", both, alertKey);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(json(replay)).containsEntry("events_added", 0);
    assertThat(timeline(ref)).hasSize(before);

    String resolved =
        group(
            g,
            "resolved",
            alert("fa", "resolved", "checkout", "2025-01-31T12:30:00Z"),
            alert("fb", "resolved", "payments", "2025-01-31T12:31:00Z"));
    assertThat(json(post("alertmanager?auto_resolve=true", resolved, alertKey)))
        .containsEntry("events_added", 3);
    assertThat(timeline(ref))
        .extracting(e -> e.get("kind"))
        .containsSubsequence(
            "created",
            "alert_firing",
            "alert_firing",
            "alert_resolved",
            "alert_resolved",
            "alerts_resolved",
            "status_changed");
    @SuppressWarnings("unchecked")
    Map<String, Object> after =
        (Map<String, Object>)
            agent.call("get_incident", Map.of("incident_id", ref)).get("incident");
    assertThat(after).containsEntry("status", "RESOLVED");

    int settled = timeline(ref).size();
    assertThat(json(post("alertmanager?auto_resolve=true", resolved, alertKey)))
        .containsEntry("events_added", 0);
    assertThat(json(post("alertmanager", both, alertKey)))
        .containsEntry("incident_ref", ref)
        .containsEntry("events_added", 0);
    assertThat(timeline(ref)).hasSize(settled);

    String again =
        group(
            g,
            "firing",
            alert("fa", "firing", "checkout", "0001-01-01T00:00:00Z")
                .replace("12:00:00Z", "13:00:00Z"));
    Map<String, Object> reopened = json(post("alertmanager", again, alertKey));
    assertThat(reopened).containsEntry("opened", true);
    assertThat(reopened.get("incident_ref")).isNotEqualTo(ref);
    assertThat(timeline(reopened.get("incident_ref")))
        .anyMatch(
            e ->
                "follows".equals(e.get("kind"))
                    && ((String) e.get("text")).contains(ref + " was resolved"));
  }

  @Test
  void resolvedWithoutAutoResolve_recordsTheEvent_butLeavesTheStatus() {
    String g = "group-no-auto";
    Object ref =
        json(post(
                "alertmanager",
                group(g, "firing", alert("x1", "firing", "web", "0001-01-01T00:00:00Z")),
                alertKey))
            .get("incident_ref");
    post(
        "alertmanager",
        group(g, "resolved", alert("x1", "resolved", "web", "2025-01-31T12:10:00Z")),
        alertKey);
    @SuppressWarnings("unchecked")
    Map<String, Object> inc =
        (Map<String, Object>)
            agent.call("get_incident", Map.of("incident_id", ref)).get("incident");
    assertThat(inc).containsEntry("status", "OPEN");
    assertThat(timeline(ref)).anyMatch(e -> "alerts_resolved".equals(e.get("kind")));
  }

  @Test
  void sameGroupKeyFromAnotherTenant_opensItsOwnIncident_neverJoinsOrShowsOurs() {
    String g = "shared-group-key";
    String body = group(g, "firing", alert("t1", "firing", "web", "0001-01-01T00:00:00Z"));
    Map<String, Object> ours = json(post("alertmanager", body, alertKey));
    String otherKey = orch.newKey("globex", Scope.ALERTS_WRITE);
    Map<String, Object> theirs = json(post("alertmanager", body, otherKey));
    assertThat(theirs).containsEntry("opened", true).containsEntry("events_added", 1);
    assertThat(theirs.get("incident_id")).isNotEqualTo(ours.get("incident_id"));
    try (Agent stranger = new Agent(orch.baseUrl(), orch.newKey("globex"))) {
      assertThat(
              stranger.error(
                  "get_incident", Map.of("incident_id", ours.get("incident_id").toString())))
          .contains("no incident");
    }
  }

  @Test
  void grafanaWebhook_isAcceptedAtItsOwnPath() {
    String body =
        """
        {"receiver":"opsmcp","status":"firing","orgId":1,"groupKey":"{}/{}:{alertname=\\"DiskFull\\"}",
         "groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","severity":"warning"},
         "commonAnnotations":{},"externalURL":"http://grafana","version":"1","truncatedAlerts":0,
         "title":"[FIRING:1] DiskFull","state":"alerting","message":"disk 95%",
         "alerts":[{"status":"firing","labels":{"alertname":"DiskFull","service":"db"},
           "annotations":{"summary":"disk 95%"},"startsAt":"2025-01-31T12:00:00Z",
           "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://grafana/alerting","fingerprint":"abc",
           "silenceURL":"http://grafana/s","dashboardURL":"","panelURL":"","values":{"B":95}}]}""";
    Map<String, Object> r = json(post("grafana", body, alertKey));
    assertThat(r).containsEntry("opened", true);
    @SuppressWarnings("unchecked")
    Map<String, Object> inc =
        (Map<String, Object>)
            agent
                .call("get_incident", Map.of("incident_id", r.get("incident_ref")))
                .get("incident");
    assertThat(inc)
        .containsEntry("title", "DiskFull")
        .containsEntry("severity", "SEV3")
        .containsEntry("services", List.of("db"));
    assertThat(timeline(r.get("incident_ref"))).anyMatch(e -> "grafana".equals(e.get("source")));
  }

  @Test
  void badPayload_is400_missingScope_is403_andManyDeliveries_areNever429() {
    assertThat(post("alertmanager", "{not json", alertKey).statusCode()).isEqualTo(400);
    HttpResponse<String> noAlerts =
        post("alertmanager", "{\"status\":\"firing\",\"alerts\":[]}", alertKey);
    assertThat(noAlerts.statusCode()).isEqualTo(400);
    assertThat(noAlerts.body()).contains("alerts must be a non-empty list");
    HttpResponse<String> badStatus =
        post(
            "alertmanager",
            group("g", "burning", alert("a", "firing", "x", "0001-01-01T00:00:00Z")),
            alertKey);
    assertThat(badStatus.statusCode()).isEqualTo(400);
    assertThat(badStatus.body()).contains("status must be");
    String agentKey = orch.newKey("acme", Scope.INCIDENTS_WRITE);
    HttpResponse<String> forbidden =
        post(
            "alertmanager",
            group("g", "firing", alert("a", "firing", "x", "0001-01-01T00:00:00Z")),
            agentKey);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("alerts:write");
    String burst = group("burst", "firing", alert("b", "firing", "x", "0001-01-01T00:00:00Z"));
    for (int i = 0; i < 20; i++) { // this server allows 5 requests a minute per credential
      HttpResponse<String> r =
          Http.postJson(
              limited.baseUrl() + "/api/v1/alerts/alertmanager",
              burst,
              "Authorization",
              Http.bearer(alertKey));
      assertThat(r.statusCode()).isEqualTo(200);
    }
    String reader = orch.newKey("acme", Scope.INCIDENTS_READ);
    List<Integer> others = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) { // other routes keep the limit
      others.add(
          Http.get(
                  limited.baseUrl() + "/api/v1/incidents?limit=1",
                  "Authorization",
                  Http.bearer(reader))
              .statusCode());
    }
    assertThat(others).contains(429);
  }
}
