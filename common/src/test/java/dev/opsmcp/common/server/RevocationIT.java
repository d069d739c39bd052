package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.Jwts;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.SseStream;
import dev.opsmcp.common.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A revoked key or an expired JWT stops everywhere within the auth cache time: open MCP streams of
 * both transports end, and new requests get 401. The revocation is made as {@code opsmcp key
 * revoke} makes it, from outside the server (the server's key cache does not hear of it).
 */
class RevocationIT {
  static final Jwts IDP = new Jwts();
  static final Duration CACHE = Duration.ofSeconds(1);
  // the cache time, a check period, and the time a loaded machine takes to notice a closed socket
  static final Duration ENDS_WITHIN = CACHE.multipliedBy(2).plusSeconds(2);

  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> env = new HashMap<>(IDP.serverEnv());
    env.put("OPSMCP_AUTH_CACHE_SECONDS", Long.toString(CACHE.toSeconds()));
    // The SDK sends a GET stream's headers with its first event, a keep-alive ping; and it closes
    // a session whose ping goes unanswered for an interval, which a revoked client's answer (401)
    // is. So: an interval short enough to start streams quickly, long enough that this side
    // effect cannot end a stream within ENDS_WITHIN of the revocation.
    env.put("OPSMCP_KEEPALIVE_SECONDS", "10");
    server = TestServer.start(NotesServer.SPEC, env);
    new Tenants(server.db()).create("acme");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static ApiKeys elsewhere() {
    return new ApiKeys(server.db(), Duration.ZERO);
  }

  static String initialize(String credential) {
    var init =
        Http.postJson(
            server.baseUrl() + "/mcp", Http.INITIALIZE, "Authorization", Http.bearer(credential));
    assertThat(init.statusCode()).isEqualTo(200);
    return init.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  static SseStream mcpGet(String credential, String session) {
    return SseStream.open(
        server.baseUrl() + "/mcp",
        "Authorization",
        Http.bearer(credential),
        "Mcp-Session-Id",
        session);
  }

  @Test
  void mcpGetStream_endsWhenItsKeyIsRevoked_othersStayOpen() throws Exception {
    var revoked = elsewhere().create("acme", "revoked", Scope.AGENT_DEFAULT);
    var kept = elsewhere().create("acme", "kept", Scope.AGENT_DEFAULT);
    try (SseStream doomed = mcpGet(revoked.secret(), initialize(revoked.secret()));
        SseStream other = mcpGet(kept.secret(), initialize(kept.secret()))) {
      assertThat(doomed.status()).isEqualTo(200);
      assertThat(doomed.awaitEnd(Duration.ofMillis(1500))).isFalse();

      assertThat(elsewhere().revoke(revoked.key().id())).isTrue();

      assertThat(doomed.awaitEnd(ENDS_WITHIN)).isTrue();
      assertThat(other.awaitEnd(Duration.ofMillis(500))).isFalse();
      assertThat(
              Http.postJson(
                      server.baseUrl() + "/mcp",
                      Http.INITIALIZE,
                      "Authorization",
                      Http.bearer(revoked.secret()))
                  .statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void legacySseStream_endsWhenItsKeyIsRevoked() throws Exception {
    var revoked = elsewhere().create("acme", "revoked-sse", Scope.AGENT_DEFAULT);
    try (SseStream doomed =
        SseStream.open(server.baseUrl() + "/sse", "Authorization", Http.bearer(revoked.secret()))) {
      doomed.await(l -> l.startsWith("data: /message"), Duration.ofSeconds(5)).orElseThrow();
      assertThat(doomed.awaitEnd(Duration.ofMillis(1500))).isFalse();

      assertThat(elsewhere().revoke(revoked.key().id())).isTrue();

      assertThat(doomed.awaitEnd(ENDS_WITHIN)).isTrue();
    }
  }

  @Test
  void jwtStream_endsWhenTheTokenExpires_andTheTokenIsThenRefused() throws Exception {
    Instant expires = Instant.now().plusSeconds(12);
    String token =
        IDP.token(Jwts.ISSUER, server.baseUrl() + "/mcp", "acme", "monitoring:read", expires);
    try (SseStream stream = mcpGet(token, initialize(token))) {
      assertThat(stream.status()).isEqualTo(200);

      // open until a second before exp (JWT times are whole seconds), ended soon after
      assertThat(stream.awaitEnd(Duration.between(Instant.now(), expires).minusSeconds(1)))
          .isFalse();
      assertThat(stream.awaitEnd(ENDS_WITHIN.plusSeconds(1))).isTrue();
    }
    // nimbus alone would accept it for another minute of clock skew
    assertThat(
            Http.postJson(
                    server.baseUrl() + "/mcp", Http.INITIALIZE, "Authorization", Http.bearer(token))
                .statusCode())
        .isEqualTo(401);
  }
}
