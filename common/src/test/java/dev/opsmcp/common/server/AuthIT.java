package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.Jwts;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Authentication, authorization, Origin, rate limit and tenancy through real HTTP. */
class AuthIT {
  static final Jwts IDP = new Jwts();
  static TestServer server;
  static String mcp;
  static String audience;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(NotesServer.SPEC, IDP.serverEnv());
    mcp = server.baseUrl() + "/mcp";
    audience = server.baseUrl() + "/mcp";
    new Tenants(server.db()).create("acme");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> initialize(String... headers) {
    return Http.postJson(mcp, Http.INITIALIZE, headers);
  }

  @Nested
  class Rejected {
    @Test
    void noCredential_401_withResourceMetadata() {
      // its audit (a row, or a line of the minute's summary): UnauthenticatedTrafficIT
      HttpResponse<String> r = initialize();
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer resource_metadata=\""
                  + server.baseUrl()
                  + "/.well-known/oauth-protected-resource\"");
    }

    @Test
    void sseEndpoint_alsoNeedsACredential() {
      assertThat(Http.get(server.baseUrl() + "/sse").statusCode()).isEqualTo(401);
      assertThat(Http.postJson(server.baseUrl() + "/message?sessionId=x", "{}").statusCode())
          .isEqualTo(401);
    }

    @Test
    void unknownKey_401() {
      HttpResponse<String> r =
          initialize("Authorization", "Bearer opsmcp_notARealKey0000000000000000000000000000");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("invalid_token");
    }

    @Test
    void revokedKey_401_andOthersUnaffected() {
      ApiKeys keys = new ApiKeys(server.db(), Duration.ZERO);
      var revoked = keys.create("acme", "to revoke", Scope.AGENT_DEFAULT);
      var kept = keys.create("acme", "kept", Scope.AGENT_DEFAULT);
      assertThat(initialize("Authorization", Http.bearer(revoked.secret())).statusCode())
          .isEqualTo(200);
      assertThat(keys.revoke(revoked.key().id())).isTrue();
      // the server caches verified keys for OPSMCP_AUTH_CACHE_SECONDS (2 s by default)
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int status;
      do {
        status = initialize("Authorization", Http.bearer(revoked.secret())).statusCode();
      } while (status != 401 && System.nanoTime() < deadline);
      assertThat(status).isEqualTo(401);
      assertThat(initialize("X-API-Key", kept.secret()).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJwt_401() {
      assertThat(initialize("Authorization", "Bearer not.a.jwt").statusCode()).isEqualTo(401);
      assertThat(initialize("Authorization", "Bearer garbage").statusCode()).isEqualTo(401);
    }

    @Test
    void expiredJwt_401() {
      String token =
          IDP.token(
              Jwts.ISSUER, audience, "acme", "monitoring:read", Instant.now().minusSeconds(600));
      assertThat(initialize("Authorization", Http.bearer(token)).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongAudience_401() {
      String token =
          IDP.token(
              Jwts.ISSUER, "https://other.example/mcp", "acme", "monitoring:read", inFiveMinutes());
      assertThat(initialize("Authorization", Http.bearer(token)).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongIssuer_401() {
      String token =
          IDP.token("https://evil.example", audience, "acme", "monitoring:read", inFiveMinutes());
      assertThat(initialize("Authorization", Http.bearer(token)).statusCode()).isEqualTo(401);
    }

    @Test
    void unknownSigningKey_401() {
      assertThat(
              initialize("Authorization", Http.bearer(Jwts.signedByStranger(audience)))
                  .statusCode())
          .isEqualTo(401);
    }

    @Test
    void jwtWithoutTenant_orWithAnUnknownTenant_401() {
      String none = IDP.token(Jwts.ISSUER, audience, null, "monitoring:read", inFiveMinutes());
      String unknown =
          IDP.token(Jwts.ISSUER, audience, "ghost", "monitoring:read", inFiveMinutes());
      assertThat(initialize("Authorization", Http.bearer(none)).statusCode()).isEqualTo(401);
      assertThat(initialize("Authorization", Http.bearer(unknown)).statusCode()).isEqualTo(401);
    }

    @Test
    void missingScope_403_namesTheScopesNeeded() {
      String key = server.newKey("acme", Scope.LOGS_READ);
      HttpResponse<String> r = initialize("Authorization", Http.bearer(key));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("insufficient_scope")
          .contains("monitoring:read");
      String token = IDP.token(Jwts.ISSUER, audience, "acme", "logs:read", inFiveMinutes());
      assertThat(initialize("Authorization", Http.bearer(token)).statusCode()).isEqualTo(403);
    }

    @Test
    void foreignOrigin_403_loopbackOrigin_allowed() {
      String key = server.newKey("acme");
      assertThat(
              initialize("Authorization", Http.bearer(key), "Origin", "https://evil.example")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              initialize("Authorization", Http.bearer(key), "Origin", "http://localhost:3000")
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Nested
  class Accepted {
    @Test
    void validJwt_reachesTools_asItsTenant() {
      String token =
          IDP.token(Jwts.ISSUER, audience, "acme", "monitoring:read logs:read", inFiveMinutes());
      McpSyncClient client =
          dev.opsmcp.common.testing.McpClients.streamable(server.baseUrl(), token);
      try {
        var info = client.callTool(new McpSchema.CallToolRequest("system_info", Map.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) info.structuredContent();
        assertThat(s).containsEntry("tenant", "acme").containsEntry("credential", "jwt");
        assertThat(s.get("scopes")).isEqualTo(List.of("logs:read", "monitoring:read"));
      } finally {
        client.closeGracefully();
      }
    }

    @Test
    void keyLastUse_isRecorded() {
      ApiKeys keys = new ApiKeys(server.db(), Duration.ZERO);
      var created = keys.create("acme", "last-use", Scope.AGENT_DEFAULT);
      assertThat(initialize("Authorization", Http.bearer(created.secret())).statusCode())
          .isEqualTo(200);
      var listed =
          keys.list("acme").stream().filter(k -> k.id().equals(created.key().id())).findFirst();
      assertThat(listed.orElseThrow().lastUsedAt()).isNotNull();
    }
  }

  @Nested
  class RateLimit {
    @Test
    void overTheLimit_429_withRetryAfter_perCredential() throws Exception {
      Map<String, String> env = new HashMap<>(IDP.serverEnv());
      env.put("OPSMCP_RATE_LIMIT_PER_MINUTE", "5");
      try (TestServer limited = TestServer.start(NotesServer.SPEC, env)) {
        String a = limited.newKey("acme");
        String b = limited.newKey("acme");
        String url = limited.baseUrl() + "/mcp";
        for (int i = 0; i < 5; i++) {
          assertThat(
                  Http.postJson(url, Http.INITIALIZE, "Authorization", Http.bearer(a)).statusCode())
              .isEqualTo(200);
        }
        HttpResponse<String> limitedResponse =
            Http.postJson(url, Http.INITIALIZE, "Authorization", Http.bearer(a));
        assertThat(limitedResponse.statusCode()).isEqualTo(429);
        assertThat(limitedResponse.headers().firstValue("Retry-After"))
            .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
        assertThat(
                Http.postJson(url, Http.INITIALIZE, "Authorization", Http.bearer(b)).statusCode())
            .isEqualTo(200);
      }
    }
  }

  @Nested
  class Tenancy {
    @Test
    void aKeyOfTenantA_neverSeesTenantBsData_overEitherTransport() {
      String a = server.newKey("tenant-a");
      String b = server.newKey("tenant-b");
      McpSyncClient clientA = server.streamableClient(a);
      McpSyncClient clientB = server.sseClient(b);
      try {
        clientA.callTool(new McpSchema.CallToolRequest("add_note", Map.of("text", "a-secret")));
        clientB.callTool(new McpSchema.CallToolRequest("add_note", Map.of("text", "b-secret")));
        assertThat(notes(clientA)).containsExactly("a-secret");
        assertThat(notes(clientB)).containsExactly("b-secret");
        var forged =
            clientA.callTool(
                new McpSchema.CallToolRequest("list_notes", Map.of("tenant", "tenant-b")));
        assertThat(forged.isError()).isTrue();
      } finally {
        clientA.closeGracefully();
        clientB.closeGracefully();
      }
    }

    @SuppressWarnings("unchecked")
    private static List<String> notes(McpSyncClient client) {
      var result = client.callTool(new McpSchema.CallToolRequest("list_notes", Map.of()));
      var notes =
          (List<Map<String, Object>>)
              ((Map<String, Object>) result.structuredContent()).get("notes");
      return notes.stream().map(n -> (String) n.get("text")).toList();
    }
  }

  @Test
  void stateChangingCalls_areAudited() {
    String key = server.newKey("audited");
    McpSyncClient client = server.streamableClient(key);
    try {
      client.callTool(new McpSchema.CallToolRequest("add_note", Map.of("text", "x")));
    } finally {
      client.closeGracefully();
    }
    int rows =
        server
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM audit_event WHERE tenant_id = 'audited'"
                                + " AND action = 'tool:add_note' AND outcome = 'ok'")
                        .mapTo(Integer.class)
                        .one());
    assertThat(rows).isEqualTo(1);
    assertThatThrownBy(() -> server.newKey("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Instant inFiveMinutes() {
    return Instant.now().plusSeconds(300);
  }
}
