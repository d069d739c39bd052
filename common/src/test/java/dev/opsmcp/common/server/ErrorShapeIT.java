package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every non-MCP HTTP error a server produces, from its filters or from Jetty itself, has the one
 * shape {@code {"error": {"code", "message"}}}: checked on real Jetty.
 */
class ErrorShapeIT {
  private static TestServer server;
  private static TestServer limited;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(NotesServer.SPEC);
    limited =
        TestServer.start(
            NotesServer.SPEC,
            Map.of("OPSMCP_RATE_LIMIT_PER_MINUTE", "1", "OPSMCP_MAX_REQUEST_BYTES", "1024"));
  }

  @AfterAll
  static void stop() {
    server.close();
    limited.close();
  }

  @Test
  void foreignOrigin_403() {
    String key = server.newKey("shape", Scope.MONITORING_READ);
    HttpResponse<String> r =
        Http.get(
            server.baseUrl() + "/api/v1/notes",
            "Authorization",
            Http.bearer(key),
            "Origin",
            "https://evil.example");
    assertShape(r, 403, "forbidden_origin");
  }

  @Test
  void missingAndUnknownCredentials_401() {
    assertShape(Http.get(server.baseUrl() + "/api/v1/notes"), 401, "unauthorized");
    assertShape(
        Http.get(
            server.baseUrl() + "/api/v1/notes",
            "Authorization",
            Http.bearer("opsmcp_notARealKey0000000000000000000000000000")),
        401,
        "invalid_token");
  }

  @Test
  void credentialWithoutAccessScope_403() {
    String key = server.newKey("shape", Scope.LOGS_READ);
    assertShape(
        Http.get(server.baseUrl() + "/api/v1/notes", "Authorization", Http.bearer(key)),
        403,
        "insufficient_scope");
  }

  @Test
  void overTheRateLimit_429() {
    String key = limited.newKey("shape", Scope.MONITORING_READ);
    HttpResponse<String> last = null;
    for (int i = 0; i < 3; i++) {
      last = Http.get(limited.baseUrl() + "/api/v1/notes", "Authorization", Http.bearer(key));
    }
    assertShape(last, 429, "rate_limited");
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void jettysOwnErrors_404_405_413() {
    assertShape(Http.get(server.baseUrl() + "/no/such/path"), 404, "not_found");
    assertShape(
        Http.send("DELETE", server.baseUrl() + "/health", new byte[0]), 405, "method_not_allowed");
    assertShape(
        Http.post(
            limited.baseUrl() + "/health", new byte[4096], "Content-Type", "application/json"),
        413,
        "payload_too_large");
  }

  @SuppressWarnings("unchecked")
  private static void assertShape(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    Map<String, Object> body = (Map<String, Object>) Json.MAPPER.readValue(r.body(), Map.class);
    assertThat(body).as(r.body()).containsOnlyKeys("error");
    Map<String, Object> error = (Map<String, Object>) body.get("error");
    assertThat(error).as(r.body()).containsEntry("code", code).containsKey("message");
    assertThat((String) error.get("message")).isNotBlank();
  }
}
