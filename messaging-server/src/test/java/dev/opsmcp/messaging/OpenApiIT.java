package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document describes the routes the server really answers. */
class OpenApiIT {
  @Test
  @SuppressWarnings("unchecked")
  void everyDocumentedPath_isServed_andTheDocumentIsComplete() throws Exception {
    try (TestServer server = TestServer.start(MessagingServer.SPEC)) {
      Human human =
          new Human(
              server.baseUrl(),
              server.newKey("acme", Scope.MESSAGING_HUMAN, Scope.MESSAGING_AGENT));
      Map<String, Object> doc = Human.json(human.get("/openapi.json"));
      assertThat(doc).containsEntry("openapi", "3.1.0");
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
      assertThat(paths).hasSizeGreaterThanOrEqualTo(17);
      for (var entry : paths.entrySet()) {
        String path = entry.getKey().replace("/api/v1", "").replace("{id}", "x_unknown");
        for (String method : List.of("get", "post")) {
          if (!entry.getValue().containsKey(method) || path.equals("/events")) {
            continue;
          }
          var r = method.equals("get") ? human.get(path) : human.post(path, Map.of());
          assertThat(r.statusCode()).as(method + " " + path).isNotIn(405, 500);
          assertThat(r.body()).as(method + " " + path).doesNotContain("no endpoint");
        }
      }
    }
  }
}
