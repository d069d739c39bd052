package dev.opsmcp.monitoring.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.monitoring.MonitoringFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Service catalog and change events over REST and MCP, per tenant. */
class CatalogIT {
  static MonitoringFixture mon;

  @BeforeAll
  static void start() throws Exception {
    mon = MonitoringFixture.start(Map.of());
  }

  @AfterAll
  static void stop() {
    mon.close();
  }

  static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  HttpResponse<byte[]> json(String method, String path, String key, String body) {
    return mon.send(
        method,
        path,
        key,
        "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void services_putGetListDelete_andValidation() {
    String key = mon.key("cat-a");
    var put =
        json(
            "PUT",
            "/api/v1/services/checkout",
            key,
            """
            {"team":"payments","depends_on":["payments-api","postgres"],
             "health_url":"http://127.0.0.1:1/health","slo":{"availability":0.999,"latency_p99_ms":300},
             "runbook_url":"https://wiki.example/checkout"}""");
    assertThat(put.statusCode()).as(body(put)).isEqualTo(200);
    var got = json("GET", "/api/v1/services/checkout", key, null);
    assertThat(body(got))
        .contains("\"depends_on\":[\"payments-api\",\"postgres\"]")
        .contains("\"latency_p99_ms\":300")
        .contains("\"source\":\"api\"");
    assertThat(body(json("GET", "/api/v1/services?team=payments", key, null))).contains("checkout");
    assertThat(body(json("GET", "/api/v1/services?team=other", key, null)))
        .doesNotContain("checkout");

    var bad =
        json("PUT", "/api/v1/services/checkout", key, "{\"health_url\":\"file:///etc/passwd\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(body(bad)).contains("invalid_argument").contains("http(s)");
    var unknown = json("PUT", "/api/v1/services/checkout", key, "{\"owner\":\"x\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(body(unknown)).contains("owner");
    var self = json("PUT", "/api/v1/services/checkout", key, "{\"depends_on\":[\"checkout\"]}");
    assertThat(self.statusCode()).isEqualTo(400);

    assertThat(json("DELETE", "/api/v1/services/checkout", key, null).statusCode()).isEqualTo(204);
    assertThat(json("GET", "/api/v1/services/checkout", key, null).statusCode()).isEqualTo(404);
    assertThat(json("DELETE", "/api/v1/services/checkout", key, null).statusCode()).isEqualTo(404);
  }

  @Test
  void concurrentPutsOfOneNewService_allSucceed_andTheServiceIsStoredOnce() throws Exception {
    String key = mon.key("cat-race");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 10; round++) {
        String path = "/api/v1/services/raced-" + round;
        var answers = new java.util.ArrayList<java.util.concurrent.Future<HttpResponse<byte[]>>>();
        for (int i = 0; i < 8; i++) {
          String team = "team-" + i;
          answers.add(pool.submit(() -> json("PUT", path, key, "{\"team\":\"" + team + "\"}")));
        }
        for (var answer : answers) {
          HttpResponse<byte[]> r = answer.get();
          assertThat(r.statusCode()).as(path + ": " + body(r)).isEqualTo(200);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    String list = body(json("GET", "/api/v1/services", key, null));
    for (int round = 0; round < 10; round++) {
      assertThat(list.split("\"raced-" + round + "\"", -1)).as(list).hasSize(2);
    }
  }

  @Test
  void catalogAndChanges_stayInTheirTenant_andWritesNeedMetricsWrite() {
    String a = mon.key("cat-ta");
    String b = mon.key("cat-tb");
    String readOnly = mon.key("cat-ta", Scope.MONITORING_READ);
    assertThat(json("PUT", "/api/v1/services/secret-svc", a, "{}").statusCode()).isEqualTo(200);
    assertThat(
            json("POST", "/api/v1/changes", a, "{\"service\":\"secret-svc\",\"kind\":\"deploy\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(json("GET", "/api/v1/services/secret-svc", b, null).statusCode()).isEqualTo(404);
    assertThat(body(json("GET", "/api/v1/services", b, null))).doesNotContain("secret-svc");
    assertThat(body(json("GET", "/api/v1/changes", b, null))).doesNotContain("secret-svc");
    assertThat(body(json("GET", "/api/v1/changes?service=secret-svc", a, null))).contains("deploy");

    var forbidden = json("PUT", "/api/v1/services/x", readOnly, "{}");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(body(forbidden)).contains("metrics:write");
  }

  @Test
  void changes_validateKindAndTime_andListSince() {
    String key = mon.key("cat-ch");
    var bad = json("POST", "/api/v1/changes", key, "{\"service\":\"api\",\"kind\":\"rollout\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(body(bad)).contains("deploy, config, flag, scale, other");
    var badAt =
        json(
            "POST",
            "/api/v1/changes",
            key,
            "{\"service\":\"api\",\"kind\":\"config\",\"at\":\"yesterday\"}");
    assertThat(body(badAt)).contains("RFC 3339");
    json(
        "POST",
        "/api/v1/changes",
        key,
        "{\"service\":\"api\",\"kind\":\"config\",\"at\":\"2020-01-01T00:00:00Z\"}");
    json("POST", "/api/v1/changes", key, "{\"service\":\"api\",\"kind\":\"scale\"}");
    String recent = body(json("GET", "/api/v1/changes?service=api", key, null));
    assertThat(recent).contains("scale").doesNotContain("2020-01-01");
    assertThat(body(json("GET", "/api/v1/changes?since=2019-12-31T00:00:00Z", key, null)))
        .contains("2020-01-01");
  }

  @Test
  @SuppressWarnings("unchecked")
  void mcpTools_recordChange_andListServicesByTeam() {
    String key = mon.key("cat-mcp");
    json("PUT", "/api/v1/services/inventory", key, "{\"team\":\"core\"}");
    json("PUT", "/api/v1/services/ads", key, "{\"team\":\"growth\"}");
    AgentClient c = mon.client(key);
    Map<String, Object> change =
        c.call(
            "record_change",
            Map.of("service", "inventory", "kind", "flag", "description", "new pricing flag"));
    assertThat(change).containsEntry("service", "inventory").containsEntry("kind", "flag");
    assertThat(c.error("record_change", Map.of("service", "inventory", "kind", "oops")))
        .contains("deploy, config, flag, scale, other");
    Map<String, Object> listed = c.call("list_services", Map.of("team", "core"));
    assertThat((List<Map<String, Object>>) listed.get("services"))
        .extracting(s -> s.get("name"))
        .containsExactly("inventory");
    assertThat(body(json("GET", "/api/v1/changes?service=inventory", key, null)))
        .contains("new pricing flag");
  }

  @Test
  @SuppressWarnings("unchecked")
  void restApi_isDescribedInOpenApi_andRefusesInTheOneErrorShape() {
    String key = mon.key("cat-doc");
    var doc = json("GET", "/api/v1/openapi.json", key, null);
    assertThat(doc.statusCode()).isEqualTo(200);
    Map<String, Object> paths =
        (Map<String, Object>)
            dev.opsmcp.common.tool.Json.MAPPER.readValue(body(doc), Map.class).get("paths");
    assertThat(paths).containsKeys("/services", "/services/{name}", "/changes");
    assertThat((Map<String, Object>) paths.get("/services/{name}"))
        .containsKeys("get", "put", "delete");

    var wrongType = json("PUT", "/api/v1/services/typed", key, "{\"team\":5}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertError(wrongType, "invalid_argument", "'team' must be a string");
    var notJson = json("POST", "/api/v1/changes", key, "{service:");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertError(notJson, "invalid_argument", "not valid JSON");
    var unknownRoute = json("GET", "/api/v1/nowhere", key, null);
    assertThat(unknownRoute.statusCode()).isEqualTo(404);
    assertError(unknownRoute, "not_found", "openapi.json");
    var wrongMethod = json("POST", "/api/v1/services/typed", key, "{}");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertError(wrongMethod, "method_not_allowed", "GET");
    var badSince = json("GET", "/api/v1/changes?since=yesterday", key, null);
    assertThat(badSince.statusCode()).isEqualTo(400);
    assertError(badSince, "invalid_argument", "RFC 3339");
  }

  @SuppressWarnings("unchecked")
  private static void assertError(HttpResponse<byte[]> r, String code, String says) {
    Map<String, Object> body = dev.opsmcp.common.tool.Json.MAPPER.readValue(body(r), Map.class);
    assertThat(body).containsOnlyKeys("error");
    Map<String, Object> error = (Map<String, Object>) body.get("error");
    assertThat(error).containsEntry("code", code);
    assertThat((String) error.get("message")).contains(says);
  }
}
