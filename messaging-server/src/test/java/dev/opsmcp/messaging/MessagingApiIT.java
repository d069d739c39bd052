package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST side: tenancy, scopes, live events, expiry, and human notification with retries. */
class MessagingApiIT {
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServer.start(
            MessagingServer.SPEC,
            Map.of(
                "OPSMCP_QUESTION_TTL_SECONDS", "2",
                "OPSMCP_APPROVAL_TTL_SECONDS", "2",
                "OPSMCP_NOTIFY_BACKOFF_SECONDS", "1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void dashboard_servesItsFilesUnderAStrictPolicy_andAnUnknownPageIsA404InTheOneShape() {
    for (String path : List.of("/", "/index.html", "/app.js", "/style.css")) {
      HttpResponse<String> page = Http.get(server.baseUrl() + path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
          .as(path)
          .contains("default-src 'self'", "frame-ancestors 'none'");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }
    assertThat(Http.get(server.baseUrl() + "/").body()).contains("<script", "app.js");
    HttpResponse<String> missing = Http.get(server.baseUrl() + "/nope.html");
    assertThat(missing.statusCode()).isEqualTo(404);
    Map<String, Object> error =
        (Map<String, Object>) Json.MAPPER.readValue(missing.body(), Map.class).get("error");
    assertThat(error).containsEntry("code", "not_found");
    assertThat((String) error.get("message")).contains("/index.html");
  }

  @Test
  void aHumanOfTenantB_neverSeesOrAnswersTenantAsSessions() {
    try (Agent agentA =
        new Agent(server.baseUrl(), server.newKey("tenant-a", Scope.MESSAGING_AGENT))) {
      Human humanB = new Human(server.baseUrl(), server.newKey("tenant-b", Scope.MESSAGING_HUMAN));
      Human humanA = new Human(server.baseUrl(), server.newKey("tenant-a", Scope.MESSAGING_HUMAN));
      Map<String, Object> asked =
          agentA.call("ask_question", Map.of("question", "secret?", "wait_seconds", 0));
      String session = (String) asked.get("session_id");
      String question = (String) asked.get("question_id");

      assertThat(humanB.get("/sessions").body()).doesNotContain(session);
      assertThat(humanB.get("/sessions/" + session).statusCode()).isEqualTo(404);
      assertThat(humanB.get("/sessions/" + session + "/messages").statusCode()).isEqualTo(404);
      assertThat(humanB.answer(question, "from B").statusCode()).isEqualTo(404);
      assertThat(
              humanB
                  .post("/sessions/" + session + "/messages", Map.of("content", "hi"))
                  .statusCode())
          .isEqualTo(404);

      assertThat(humanA.get("/sessions").body()).contains(session).contains("\"unanswered\":1");
      assertThat(agentA.call("wait_for_answer", Map.of("question_id", question, "wait_seconds", 0)))
          .containsEntry("status", "pending");
    }
  }

  @Test
  void humanEndpoints_needTheHumanScope_agentEndpointsTheAgentScope() {
    Human agentKeyAsHuman =
        new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_AGENT));
    var r = agentKeyAsHuman.get("/sessions");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("messaging:human");
    Human human = new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_HUMAN));
    assertThat(human.post("/agent/steps", Map.of("step", "x")).statusCode()).isEqualTo(403);
    assertThat(human.get("/nope").statusCode()).isEqualTo(404);
    assertThat(human.post("/sessions", Map.of()).statusCode()).isEqualTo(405);
  }

  @Test
  void agentSideRest_isTheSameFlowAsMcp() {
    Human agent = new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_AGENT));
    Human human = new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_HUMAN));
    var step = Human.json(agent.post("/agent/steps", Map.of("step", "checking")));
    String session = (String) step.get("session_id");
    var asked =
        Human.json(
            agent.post(
                "/agent/questions",
                Map.of("question", "ok?", "session_id", session, "wait_seconds", 0)));
    String question = (String) asked.get("question_id");
    assertThat(asked).containsEntry("status", "pending");
    human.answer(question, "fine");
    assertThat(Human.json(agent.get("/agent/questions/" + question + "?wait_seconds=1")))
        .containsEntry("answer", "fine");
    assertThat(agent.post("/agent/questions", Map.of("question", "")).statusCode()).isEqualTo(400);
    assertThat(
            agent
                .post("/agent/sessions/" + session + "/end", Map.of("summary", "done"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void expiredQuestionsAndApprovals_areReportedExpired_neverApproved() throws Exception {
    try (Agent agent = new Agent(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_AGENT))) {
      Human human = new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_HUMAN));
      String question =
          (String)
              agent
                  .call("ask_question", Map.of("question", "q?", "wait_seconds", 0))
                  .get("question_id");
      String approval =
          (String)
              agent
                  .call(
                      "request_approval",
                      Map.of("action", "a", "details", "d", "risk", "high", "wait_seconds", 0))
                  .get("approval_id");
      Thread.sleep(2_300);
      assertThat(agent.call("wait_for_answer", Map.of("question_id", question, "wait_seconds", 0)))
          .containsEntry("status", "expired");
      assertThat(
              agent.call("wait_for_approval", Map.of("approval_id", approval, "wait_seconds", 0)))
          .containsEntry("status", "expired")
          .extractingByKey("next")
          .asString()
          .contains("NOT an approval");
      assertThat(human.answer(question, "late").statusCode()).isEqualTo(410);
      assertThat(human.decide(approval, "approve", "late").statusCode()).isEqualTo(410);
      assertThat(Human.json(human.get("/approvals/" + approval)))
          .containsEntry("status", "expired");
    }
  }

  @Test
  void eventStream_showsQuestionsAndAnswers_once_ofTheCallersTenantOnly() throws Exception {
    String humanKey = server.newKey("events", Scope.MESSAGING_HUMAN);
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpResponse<java.io.InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/events"))
                    .header("Authorization", Http.bearer(humanKey))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (var in =
                      new BufferedReader(
                          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                      lines.add(line);
                    }
                  } catch (java.io.IOException closed) {
                    // stream closed at the end of the test
                  }
                });
    try (Agent agent = new Agent(server.baseUrl(), server.newKey("events", Scope.MESSAGING_AGENT));
        Agent other =
            new Agent(server.baseUrl(), server.newKey("elsewhere", Scope.MESSAGING_AGENT))) {
      String otherSession =
          (String) other.call("log_step", Map.of("step", "other tenant")).get("session_id");
      String question =
          (String)
              agent
                  .call("ask_question", Map.of("question", "live?", "wait_seconds", 0))
                  .get("question_id");
      new Human(server.baseUrl(), humanKey).answer(question, "yes");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline
          && lines.stream().noneMatch(l -> l.equals("event: answer"))) {
        Thread.sleep(50);
      }
      assertThat(lines).contains("event: session", "event: question", "event: answer");
      Thread.sleep(700); // time for a duplicate to arrive (PostgreSQL: our own NOTIFY)
      assertThat(java.util.Collections.frequency(lines, "event: question")).isEqualTo(1);
      assertThat(java.util.Collections.frequency(lines, "event: answer")).isEqualTo(1);
      assertThat(String.join("\n", lines))
          .contains(question)
          .doesNotContain(otherSession)
          .doesNotContain("live?");
    } finally {
      stream.body().close();
      reader.interrupt();
    }
  }

  @Test
  void questionsAndApprovals_notifyTheTenantsChannels_withRetries() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<String> delivered = new CopyOnWriteArrayList<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = calls.incrementAndGet() == 1 ? 500 : 200; // the first delivery fails
          if (status == 200) {
            delivered.add(body);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    hook.start();
    try (Agent agent =
        new Agent(server.baseUrl(), server.newKey("notified", Scope.MESSAGING_AGENT))) {
      String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
      new Channels(server.db()).add("notified", "webhook", url);
      new Channels(server.db()).add("notified", "slack", url);
      agent.call(
          "ask_question", Map.of("question", "Fail over to the replica?", "wait_seconds", 0));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && delivered.size() < 2) {
        Thread.sleep(100);
      }
      assertThat(delivered).hasSize(2);
      assertThat(delivered)
          .anySatisfy(
              b ->
                  assertThat(b)
                      .contains("\"event\":\"question\"")
                      .contains("Fail over to the replica?"));
      assertThat(delivered)
          .anySatisfy(
              b -> assertThat(b).startsWith("{\"text\":").contains("Fail over to the replica?"));
      assertThat(calls.get()).isEqualTo(3);
      int sent =
          server
              .db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT count(*) FROM notification_outbox WHERE tenant_id = 'notified' AND status = 'sent'")
                          .mapTo(Integer.class)
                          .one());
      assertThat(sent).isEqualTo(2);
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void malformedRestInput_gets400_namingTheField_withoutClassNames() {
    Human human = new Human(server.baseUrl(), server.newKey("rest-bad", Scope.MESSAGING_HUMAN));
    String agentKey = server.newKey("rest-bad", Scope.MESSAGING_AGENT);
    java.util.function.BiFunction<String, byte[], HttpResponse<String>> agentPost =
        (path, body) ->
            Http.post(
                server.baseUrl() + "/api/v1/agent" + path,
                body,
                "Authorization",
                Http.bearer(agentKey),
                "Content-Type",
                "application/json");
    java.util.function.Consumer<HttpResponse<String>> clean400 =
        r -> {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
          assertThat(dev.opsmcp.common.testing.Internals.in(r.body())).as(r.body()).isNull();
        };

    clean400.accept(human.get("/sessions?cursor=-1"));

    HttpResponse<String> step = agentPost.apply("/steps", "{\"step\":\"x\"}".getBytes());
    assertThat(step.statusCode()).isEqualTo(200);
    String session = (String) Human.json(step).get("session_id");
    HttpResponse<String> end = human.post("/sessions/" + session + "/end", Map.of("summary", 5));
    clean400.accept(end);
    assertThat(end.body()).contains("summary");

    HttpResponse<String> approval =
        agentPost.apply(
            "/approvals",
            Json.write(Map.of("action", "a", "details", "d", "risk", "low", "wait_seconds", 0))
                .getBytes());
    String approvalId = (String) Human.json(approval).get("approval_id");
    HttpResponse<String> decision =
        human.post(
            "/approvals/" + approvalId + "/decision", Map.of("decision", "approve", "comment", 5));
    clean400.accept(decision);
    assertThat(decision.body()).contains("comment");

    HttpResponse<String> wrongType = agentPost.apply("/steps", "{\"step\":[\"a\"]}".getBytes());
    clean400.accept(wrongType);
    assertThat(wrongType.body()).contains("'step'").contains("string");
    HttpResponse<String> unknown =
        agentPost.apply("/steps", "{\"step\":\"x\",\"bogus\":1}".getBytes());
    clean400.accept(unknown);
    assertThat(unknown.body()).contains("'bogus'").contains("step");
    clean400.accept(
        agentPost.apply(
            "/messages", "{\"content\":\"x\",\"requires_user_input\":\"true\"}".getBytes()));

    for (byte[] body :
        new byte[][] {
          "not json".getBytes(),
          "[1]".getBytes(),
          ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(),
          new byte[] {'{', '"', 's', 't', 'e', 'p', '"', ':', '"', (byte) 0xff, '"', '}'}
        }) {
      clean400.accept(agentPost.apply("/steps", body));
    }
  }
}
