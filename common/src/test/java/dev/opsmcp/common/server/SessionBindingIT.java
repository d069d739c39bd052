package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.SseStream;
import dev.opsmcp.common.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An MCP session belongs to the credential that opened it: another credential that learnt its id
 * gets the same 404 as for an unknown session, on every method of both transports, and nothing it
 * sends reaches the owner's stream.
 */
class SessionBindingIT {
  static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  static final String SYSTEM_INFO_7 =
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"system_info\",\"arguments\":{}}}";

  static TestServer server;
  static String owner;
  static String intruder;
  static String ownersOtherKey;

  @BeforeAll
  static void start() throws Exception {
    // keep-alives every second: the SDK sends a GET stream's headers with its first event
    server = TestServer.start(NotesServer.SPEC, Map.of("OPSMCP_KEEPALIVE_SECONDS", "1"));
    owner = server.newKey("owner");
    intruder = server.newKey("intruder");
    ownersOtherKey = server.newKey("owner");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String mcp() {
    return server.baseUrl() + "/mcp";
  }

  static String initialize(String key) {
    HttpResponse<String> init = Http.postJson(mcp(), Http.INITIALIZE, "Authorization", bearer(key));
    assertThat(init.statusCode()).isEqualTo(200);
    return init.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  static HttpResponse<String> post(String key, String session, String body) {
    return Http.postJson(mcp(), body, "Authorization", bearer(key), "Mcp-Session-Id", session);
  }

  static HttpResponse<String> delete(String key, String session) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(mcp()))
                .header("Authorization", bearer(key))
                .header("Mcp-Session-Id", session)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static String bearer(String key) {
    return Http.bearer(key);
  }

  @Nested
  class StreamableHttp {
    @Test
    void post_withAnotherCredentialsSessionId_gets404_likeAnUnknownSession() {
      String session = initialize(owner);
      HttpResponse<String> unknown = post(intruder, "no-such-session", SYSTEM_INFO_7);

      HttpResponse<String> stolen = post(intruder, session, SYSTEM_INFO_7);
      HttpResponse<String> sameTenantOtherKey = post(ownersOtherKey, session, SYSTEM_INFO_7);

      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(stolen.statusCode()).isEqualTo(404);
      assertThat(stolen.body()).isEqualTo(unknown.body()).doesNotContain("intruder");
      assertThat(sameTenantOtherKey.statusCode()).isEqualTo(404);
      assertThat(post(owner, session, LIST).statusCode()).isEqualTo(200);
    }

    @Test
    void get_withAnotherCredentialsSessionId_gets404_andNoStream() {
      String session = initialize(owner);
      try (SseStream stolen =
          SseStream.open(mcp(), "Authorization", bearer(intruder), "Mcp-Session-Id", session)) {
        assertThat(stolen.status()).isEqualTo(404);
      }
      try (SseStream own =
          SseStream.open(mcp(), "Authorization", bearer(owner), "Mcp-Session-Id", session)) {
        assertThat(own.status()).isEqualTo(200);
      }
    }

    @Test
    void delete_withAnotherCredentialsSessionId_gets404_andTheSessionLives() throws Exception {
      String session = initialize(owner);

      assertThat(delete(intruder, session).statusCode()).isEqualTo(404);

      assertThat(post(owner, session, LIST).statusCode()).isEqualTo(200);
      assertThat(delete(owner, session).statusCode()).isEqualTo(200);
      assertThat(post(owner, session, LIST).statusCode()).isEqualTo(404);
    }
  }

  @Nested
  class LegacySse {
    @Test
    void message_toAnotherCredentialsSession_gets404_andNeverReachesTheOwnersStream()
        throws Exception {
      try (SseStream stream =
          SseStream.open(server.baseUrl() + "/sse", "Authorization", bearer(owner))) {
        String endpoint =
            server.baseUrl()
                + stream
                    .await(l -> l.startsWith("data: /message"), Duration.ofSeconds(5))
                    .orElseThrow()
                    .substring("data: ".length());
        assertThat(
                Http.postJson(endpoint, sseInitialize(), "Authorization", bearer(owner))
                    .statusCode())
            .isEqualTo(200);
        stream.await(l -> l.contains("\"id\":1"), Duration.ofSeconds(5)).orElseThrow();
        Http.postJson(
            endpoint,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "Authorization",
            bearer(owner));
        String unknownSession = endpoint.replaceFirst("sessionId=.*", "sessionId=nope");
        HttpResponse<String> unknown =
            Http.postJson(unknownSession, SYSTEM_INFO_7, "Authorization", bearer(intruder));

        // The intruder goes first with the id the owner is about to use.
        HttpResponse<String> stolen =
            Http.postJson(endpoint, SYSTEM_INFO_7, "Authorization", bearer(intruder));
        HttpResponse<String> sameTenantOtherKey =
            Http.postJson(endpoint, SYSTEM_INFO_7, "Authorization", bearer(ownersOtherKey));
        assertThat(
                Http.postJson(endpoint, SYSTEM_INFO_7, "Authorization", bearer(owner)).statusCode())
            .isEqualTo(200);

        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).isEqualTo(unknown.body());
        assertThat(sameTenantOtherKey.statusCode()).isEqualTo(404);
        String answer7 =
            stream.await(l -> l.contains("\"id\":7"), Duration.ofSeconds(5)).orElseThrow();
        assertThat(answer7).contains("\"tenant\":\"owner\"").doesNotContain("intruder");
        assertThat(stream.lines()).noneMatch(l -> l.contains("intruder"));
        assertThat(stream.lines().stream().filter(l -> l.contains("\"id\":7"))).hasSize(1);
      }
    }

    @Test
    void sseStream_ofAnotherCredential_getsItsOwnSession() throws Exception {
      try (SseStream a = SseStream.open(server.baseUrl() + "/sse", "Authorization", bearer(owner));
          SseStream b =
              SseStream.open(server.baseUrl() + "/sse", "Authorization", bearer(intruder))) {
        String endpointA =
            a.await(l -> l.startsWith("data: "), Duration.ofSeconds(5)).orElseThrow();
        String endpointB =
            b.await(l -> l.startsWith("data: "), Duration.ofSeconds(5)).orElseThrow();
        assertThat(endpointA).isNotEqualTo(endpointB);
        String endpoint = server.baseUrl() + endpointB.substring("data: ".length());
        assertThat(
                Http.postJson(endpoint, sseInitialize(), "Authorization", bearer(intruder))
                    .statusCode())
            .isEqualTo(200);
      }
    }

    private static String sseInitialize() {
      return Http.INITIALIZE.replace("2025-06-18", "2024-11-05");
    }
  }
}
