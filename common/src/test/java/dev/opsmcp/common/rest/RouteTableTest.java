package dev.opsmcp.common.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.Param;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  record ListQuery(
      @Param(value = "session status", optional = true) String status,
      @Param(value = "page size", optional = true) Integer limit) {}

  record EndBody(@Param(value = "what happened", optional = true) String summary) {}

  record Nested(Map<String, String> labels) {}

  private static RouteTable table() {
    return RouteTable.builder("/api/v1", "Test API")
        .add(
            Route.get("/sessions", ListQuery.class, (c, q) -> List.of())
                .scopes(Scope.MESSAGING_HUMAN)
                .summary("List sessions."))
        .add(
            Route.post("/sessions/{id}/end", EndBody.class, (c, b) -> Map.of())
                .scopes(Scope.MESSAGING_HUMAN, Scope.MESSAGING_AGENT)
                .summary("End a session."))
        .build();
  }

  @Test
  void aRouteWithoutScopesOrSummary_orDeclaredTwice_failsTheBuild() {
    var noScopes = Route.get("/x", c -> null).summary("x");
    assertThatThrownBy(() -> RouteTable.builder("/api", "t").add(noScopes).build())
        .hasMessageContaining("GET /x declares no scopes");
    var noSummary = Route.get("/x", c -> null).anyCredential();
    assertThatThrownBy(() -> RouteTable.builder("/api", "t").add(noSummary).build())
        .hasMessageContaining("no summary");
    var ok = Route.get("/x", c -> null).anyCredential().summary("x");
    assertThatThrownBy(() -> RouteTable.builder("/api", "t").add(ok).add(ok).build())
        .hasMessageContaining("declared twice");
  }

  @Test
  void aGetRoute_takesOnlyWhatAQueryStringCanCarry() {
    assertThatThrownBy(() -> Route.get("/x", Nested.class, (c, q) -> null))
        .hasMessageContaining("query string");
  }

  @Test
  void matching_findsTheRouteAndItsVariables_orTheMethodsThePathAllows() {
    Set<String> allowed = new HashSet<>();
    var match = table().match("POST", "/sessions/s_1/end", allowed).orElseThrow();
    assertThat(match.variables()).isEqualTo(Map.of("id", "s_1"));
    assertThat(table().match("GET", "/sessions/s_1/end", allowed)).isEmpty();
    assertThat(allowed).containsExactly("POST");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocument_isGeneratedFromTheRoutes() throws Exception {
    RouteTable t = table();
    var doc =
        (Map<String, Object>)
            t.match("GET", "/openapi.json", new HashSet<>())
                .orElseThrow()
                .route()
                .handler()
                .handle(null, null);
    // Round trip through JSON: what clients get.
    Map<String, Object> json = Json.MAPPER.readValue(Json.write(doc), Map.class);
    assertThat(json.get("openapi")).isEqualTo("3.1.0");
    var paths = (Map<String, Map<String, Map<String, Object>>>) json.get("paths");
    assertThat(paths).containsOnlyKeys("/sessions", "/sessions/{id}/end", "/openapi.json");

    var list = paths.get("/sessions").get("get");
    assertThat((List<Map<String, Object>>) list.get("parameters"))
        .extracting(p -> p.get("name") + ":" + p.get("in") + ":" + p.get("required"))
        .containsExactly("status:query:false", "limit:query:false");
    assertThat(list.get("security"))
        .isEqualTo(List.of(Map.of("bearer", List.of("messaging:human"))));

    var end = paths.get("/sessions/{id}/end").get("post");
    assertThat((List<Map<String, Object>>) end.get("parameters"))
        .extracting(p -> p.get("name") + ":" + p.get("in"))
        .containsExactly("id:path");
    var schema =
        ((Map<String, Map<String, Map<String, Object>>>)
                ((Map<String, Object>) end.get("requestBody")).get("content"))
            .get("application/json")
            .get("schema");
    assertThat((Map<String, Object>) schema.get("properties")).containsOnlyKeys("summary");
    assertThat(schema.get("additionalProperties")).isEqualTo(false);
    assertThat(end.get("security"))
        .isEqualTo(List.of(Map.of("bearer", List.of("messaging:agent", "messaging:human"))));
    assertThat(Json.write(end.get("responses"))).contains("#/components/schemas/Error");
  }
}
