package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.SseStream;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The messaging server's streams and waits end with their credential, a session id is no key to
 * another's session, and agent text reaches humans as text.
 */
class MessagingSecurityIT {
  static final Duration CACHE = Duration.ofSeconds(1);
  static final Duration ENDS_WITHIN = CACHE.multipliedBy(2).plusSeconds(2);

  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            MessagingServer.SPEC,
            Map.of(
                "OPSMCP_AUTH_CACHE_SECONDS",
                Long.toString(CACHE.toSeconds()),
                "OPSMCP_NOTIFY_BACKOFF_SECONDS",
                "1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A key created, and later revoked, as the admin CLI does it: outside the server. */
  static ApiKeys elsewhere() {
    return new ApiKeys(server.db(), Duration.ZERO);
  }

  static String newKey(String tenant, Scope scope) {
    new Tenants(server.db()).create(tenant);
    return elsewhere().create(tenant, "test", java.util.Set.of(scope)).secret();
  }

  static String keyId(String tenant, String secret) {
    String prefix = secret.substring(0, ApiKeys.PREFIX.length() + 6);
    return elsewhere().list(tenant).stream()
        .filter(k -> k.keyPrefix().equals(prefix))
        .findFirst()
        .orElseThrow()
        .id();
  }

  static int pendingQuestions(String tenant) {
    return server
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT count(*) FROM msg_question WHERE tenant_id = :t AND status = 'pending'")
                    .bind("t", tenant)
                    .mapTo(Integer.class)
                    .one());
  }

  static void awaitPendingQuestion(String tenant) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (pendingQuestions(tenant) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(pendingQuestions(tenant)).isEqualTo(1);
  }

  @Nested
  class Revocation {
    @Test
    void eventStream_endsWhenItsKeyIsRevoked_andDeliversNothingAfter() throws Exception {
      String human = newKey("rev-events", Scope.MESSAGING_HUMAN);
      try (SseStream events =
              SseStream.open(
                  server.baseUrl() + "/api/v1/events", "Authorization", Http.bearer(human));
          Agent agent = new Agent(server.baseUrl(), newKey("rev-events", Scope.MESSAGING_AGENT))) {
        events.await(": connected"::equals, Duration.ofSeconds(5)).orElseThrow();

        assertThat(elsewhere().revoke(keyId("rev-events", human))).isTrue();

        assertThat(events.awaitEnd(ENDS_WITHIN)).isTrue();
        agent.call("log_step", Map.of("step", "after the revocation"));
        assertThat(events.lines()).noneMatch(l -> l.startsWith("event:"));
        assertThat(
                Http.get(server.baseUrl() + "/api/v1/sessions", "Authorization", Http.bearer(human))
                    .statusCode())
            .isEqualTo(401);
      }
    }

    @Test
    void waitingAskQuestion_returnsAnAuthError_whenItsKeyIsRevoked() throws Exception {
      // Raw HTTP, as an agent speaks it, listening GET stream included: the SDK's Java client
      // (2.1.0) did not hand over this result while its GET stream was being ended too.
      String key = newKey("rev-wait", Scope.MESSAGING_AGENT);
      String mcp = server.baseUrl() + "/mcp";
      String session =
          Http.postJson(mcp, Http.INITIALIZE, "Authorization", Http.bearer(key))
              .headers()
              .firstValue("Mcp-Session-Id")
              .orElseThrow();
      Http.postJson(
          mcp,
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "Authorization",
          Http.bearer(key),
          "Mcp-Session-Id",
          session);
      try (SseStream listening =
          SseStream.open(mcp, "Authorization", Http.bearer(key), "Mcp-Session-Id", session)) {
        CompletableFuture<HttpResponse<String>> asked =
            CompletableFuture.supplyAsync(
                () ->
                    Http.postJson(
                        mcp,
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"ask_question\",\"arguments\":"
                            + "{\"question\":\"still there?\",\"wait_seconds\":30}}}",
                        "Authorization",
                        Http.bearer(key),
                        "Mcp-Session-Id",
                        session));
        awaitPendingQuestion("rev-wait");

        assertThat(elsewhere().revoke(keyId("rev-wait", key))).isTrue();

        HttpResponse<String> result = asked.get(ENDS_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(result.body())
            .contains("\"id\":3")
            .contains("\"isError\":true")
            .contains("revoked");
        assertThat(listening.awaitEnd(ENDS_WITHIN)).isTrue();
      }
    }

    @Test
    void waitingRestCall_gets401_whenItsKeyIsRevoked() throws Exception {
      String key = newKey("rev-rest", Scope.MESSAGING_AGENT);
      CompletableFuture<HttpResponse<String>> asked =
          CompletableFuture.supplyAsync(
              () ->
                  Http.postJson(
                      server.baseUrl() + "/api/v1/agent/questions",
                      "{\"question\":\"still there?\",\"wait_seconds\":15}",
                      "Authorization",
                      Http.bearer(key)));
      awaitPendingQuestion("rev-rest");

      assertThat(elsewhere().revoke(keyId("rev-rest", key))).isTrue();

      HttpResponse<String> r = asked.get(ENDS_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).contains("revoked");
    }
  }

  @Nested
  class Sessions {
    @Test
    void anotherCredential_cannotAnswerUnderTheIdAWaitingCallUses_overLegacySse() throws Exception {
      String owner = newKey("race-owner", Scope.MESSAGING_AGENT);
      String intruder = newKey("race-intruder", Scope.MESSAGING_AGENT);
      Human human = new Human(server.baseUrl(), newKey("race-owner", Scope.MESSAGING_HUMAN));
      try (SseStream stream =
          SseStream.open(server.baseUrl() + "/sse", "Authorization", Http.bearer(owner))) {
        String endpoint =
            server.baseUrl()
                + stream
                    .await(l -> l.startsWith("data: /message"), Duration.ofSeconds(5))
                    .orElseThrow()
                    .substring("data: ".length());
        Http.postJson(
            endpoint,
            Http.INITIALIZE.replace("2025-06-18", "2024-11-05"),
            "Authorization",
            Http.bearer(owner));
        stream.await(l -> l.contains("\"id\":1"), Duration.ofSeconds(5)).orElseThrow();
        Http.postJson(
            endpoint,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "Authorization",
            Http.bearer(owner));
        CompletableFuture<HttpResponse<String>> ownersCall =
            CompletableFuture.supplyAsync(
                () ->
                    Http.postJson(
                        endpoint,
                        call7("ask_question", "{\"question\":\"roll back?\",\"wait_seconds\":20}"),
                        "Authorization",
                        Http.bearer(owner)));
        awaitPendingQuestion("race-owner");

        HttpResponse<String> intrusion =
            Http.postJson(
                endpoint,
                call7("log_step", "{\"step\":\"no\"}"),
                "Authorization",
                Http.bearer(intruder));
        String questionId =
            server
                .db()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT id FROM msg_question WHERE tenant_id = 'race-owner' AND status = 'pending'")
                            .mapTo(String.class)
                            .one());
        assertThat(human.answer(questionId, "yes, roll back").statusCode()).isEqualTo(200);
        ownersCall.get(10, TimeUnit.SECONDS);

        assertThat(intrusion.statusCode()).isEqualTo(404);
        String first7 =
            stream.await(l -> l.contains("\"id\":7"), Duration.ofSeconds(5)).orElseThrow();
        assertThat(first7).contains("yes, roll back");
      }
    }

    private static String call7(String tool, String arguments) {
      return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
          + tool
          + "\",\"arguments\":"
          + arguments
          + "}}";
    }
  }

  @Nested
  class Notifications {
    @Test
    void slackText_isEscaped_andTheOnlyLinkIsOursAtTheBoundAddress() throws Exception {
      List<String> delivered = new CopyOnWriteArrayList<>();
      HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      hook.createContext(
          "/slack",
          exchange -> {
            delivered.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      hook.start();
      try (Agent agent = new Agent(server.baseUrl(), newKey("slacked", Scope.MESSAGING_AGENT))) {
        new Channels(server.db())
            .add("slacked", "slack", "http://127.0.0.1:" + hook.getAddress().getPort() + "/slack");
        Map<String, Object> asked =
            agent.call(
                "ask_question",
                Map.of(
                    "question",
                    "<!channel> ship it? <https://evil.example/x|Open in OpsMCP> & more",
                    "wait_seconds",
                    0));
        agent.call(
            "request_approval",
            Map.of(
                "action", "<!here> restart <https://evil.example|db>",
                "details", "a > b & c < d",
                "risk", "high",
                "wait_seconds", 0,
                "session_id", asked.get("session_id")));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && delivered.size() < 2) {
          Thread.sleep(50);
        }
        assertThat(delivered).hasSize(2);
        List<String> texts = new ArrayList<>();
        for (String body : delivered) {
          texts.add((String) Json.MAPPER.readValue(body, Map.class).get("text"));
        }
        String ours =
            "<" + server.baseUrl() + "/#session=" + asked.get("session_id") + "|Open in OpsMCP>";
        for (String text : texts) {
          assertThat(text).doesNotContain("<!").doesNotContain("<https://evil").endsWith(ours);
          assertThat(text.replace(ours, "")).doesNotContain("<").doesNotContain(">");
        }
        assertThat(String.join("\n", texts))
            .contains(
                "&lt;!channel&gt; ship it? &lt;https://evil.example/x|Open in OpsMCP&gt; &amp; more")
            .contains("&lt;!here&gt; restart")
            .contains("a &gt; b &amp; c &lt; d");
        assertThat(server.baseUrl()).doesNotEndWith(":0");
      } finally {
        hook.stop(0);
      }
    }
  }

  @Test
  void nestedApiPaths_takeOneRateLimitTokenPerRequest() throws Exception {
    try (TestServer limited =
        TestServer.start(MessagingServer.SPEC, Map.of("OPSMCP_RATE_LIMIT_PER_MINUTE", "4"))) {
      String key = limited.newKey("tokens", Scope.MESSAGING_HUMAN);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        statuses.add(
            Http.get(limited.baseUrl() + "/api/v1/openapi.json", "Authorization", Http.bearer(key))
                .statusCode());
      }
      assertThat(statuses).containsOnly(200);
      assertThat(
              Http.get(
                      limited.baseUrl() + "/api/v1/openapi.json", "Authorization", Http.bearer(key))
                  .statusCode())
          .isEqualTo(429);
    }
  }
}
