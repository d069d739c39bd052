package dev.opsmcp.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST layer on real Jetty over a real database (embedded or PostgreSQL): the test server's
 * notes routes, their one error shape, scopes per route, pages and cursors, and the generated
 * OpenAPI document.
 */
class RestIT {
  static TestServer server;
  static TestServer capped;
  static String reader;
  static String cappedKey;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(NotesServer.SPEC);
    reader = server.newKey("acme", Scope.MONITORING_READ);
    capped = TestServer.start(NotesServer.SPEC, Map.of("OPSMCP_MAX_REQUEST_BYTES", "65536"));
    cappedKey = capped.newKey("acme", Scope.MONITORING_READ);
  }

  @AfterAll
  static void stop() {
    server.close();
    capped.close();
  }

  private static String url(String path) {
    return server.baseUrl() + "/api/v1" + path;
  }

  private static HttpResponse<String> get(String path, String key) {
    return Http.get(url(path), "Authorization", Http.bearer(key));
  }

  private static HttpResponse<String> post(String path, String body, String key) {
    return Http.postJson(url(path), body, "Authorization", Http.bearer(key));
  }

  private static HttpResponse<String> send(String method, String path, String key) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url(path)))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .header("Authorization", Http.bearer(key))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> r) {
    return Json.MAPPER.readValue(r.body(), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    Map<String, Object> body = json(r);
    assertThat(body).containsOnlyKeys("error");
    Map<String, Object> error = (Map<String, Object>) body.get("error");
    assertThat(error.get("code")).isEqualTo(code);
    assertThat((String) error.get("message"))
        .isNotBlank()
        .doesNotContain("java.", "dev.opsmcp", "Exception");
    return error;
  }

  @Test
  void aCreatedNote_isReadBack_andAnotherTenantGets404() {
    HttpResponse<String> created = post("/notes", "{\"text\":\"disk full\"}", reader);
    assertThat(created.statusCode()).isEqualTo(201);
    long id = ((Number) json(created).get("id")).longValue();
    assertThat(json(get("/notes/" + id, reader))).containsEntry("text", "disk full");

    String other = server.newKey("other", Scope.MONITORING_READ);
    error(get("/notes/" + id, other), 404, "not_found");
    error(get("/notes/not-a-number", reader), 404, "not_found");
  }

  @Test
  void aWrongTypedBody_is400NamingTheField_neverA500() {
    Map<String, Object> e = error(post("/notes", "{\"text\":5}", reader), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("'text' must be a string, not the number 5");
    e = error(post("/notes", "{\"text\":\"x\",\"tenant\":\"b\"}", reader), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("unknown field 'tenant'");
    e = error(post("/notes", "{\"text\": ", reader), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("not valid JSON");
    e = error(post("/notes", "", reader), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("missing required field 'text'");
  }

  @Test
  void aChunkedBodyOverTheCap_is413_notA500() throws Exception {
    byte[] big = ("{\"text\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(capped.baseUrl() + "/api/v1/notes"))
                    .header("Authorization", Http.bearer(cappedKey))
                    .header("Content-Type", "application/json")
                    // No length up front: the cap is only found while the body is read.
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(big)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    error(r, 413, "payload_too_large");
  }

  @Test
  void aBodyCutShortByTheClient_is400_notA500() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /api/v1/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
              + Http.bearer(reader)
              + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
              + "{\"text\":\"cut";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput(); // the client sends no more: 990 bytes short of what it announced
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"invalid_argument\"");
      assertThat(answer).doesNotContain("internal", "Exception");
    }
    assertThat(get("/notes?limit=1", reader).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPaths_wrongMethods_andBadQueries_haveTheOneErrorShape() {
    error(get("/nothing-here", reader), 404, "not_found");
    HttpResponse<String> wrongMethod = send("PUT", "/notes", reader);
    error(wrongMethod, 405, "method_not_allowed");
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, POST");
    Map<String, Object> e = error(get("/notes?limit=abc", reader), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("'limit' must be an integer");
    e = error(get("/notes?sort=desc", reader), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("unknown query parameter 'sort'");
  }

  @Test
  void aRoute_needsItsScope() {
    long id =
        ((Number) json(post("/notes", "{\"text\":\"to delete\"}", reader)).get("id")).longValue();
    Map<String, Object> e = error(send("DELETE", "/notes/" + id, reader), 403, "forbidden");
    assertThat((String) e.get("message")).contains("incidents:write");
    String writer = server.newKey("acme", Scope.INCIDENTS_WRITE);
    assertThat(send("DELETE", "/notes/" + id, writer).statusCode()).isEqualTo(204);
    error(get("/notes/" + id, reader), 404, "not_found");
  }

  @Test
  @SuppressWarnings("unchecked")
  void pages_walkEveryNoteOnce_withCursorsBoundToTheirFilters() {
    String key = server.newKey("pager", Scope.MONITORING_READ);
    for (int i = 0; i < 5; i++) {
      post("/notes", "{\"text\":\"page note " + i + "\"}", key);
    }
    post("/notes", "{\"text\":\"unrelated\"}", key);
    List<Object> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String q = "/notes?contains=page&limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
      Map<String, Object> page = json(get(q, key));
      assertThat(page).containsOnlyKeys("items", "truncated", "next_cursor");
      ((List<Map<String, Object>>) page.get("items")).forEach(n -> seen.add(n.get("text")));
      cursor = (String) page.get("next_cursor");
      assertThat(page.get("truncated")).isEqualTo(cursor != null);
      pages++;
    } while (cursor != null);
    assertThat(seen)
        .containsExactly("page note 0", "page note 1", "page note 2", "page note 3", "page note 4");
    assertThat(pages).isEqualTo(3);

    String first = (String) json(get("/notes?contains=page&limit=2", key)).get("next_cursor");
    Map<String, Object> e =
        error(
            get("/notes?contains=unrelated&limit=2&cursor=" + first, key), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("without cursor");
    String tampered = URLEncoder.encode("x" + first.substring(1), StandardCharsets.UTF_8);
    error(get("/notes?contains=page&cursor=" + tampered, key), 400, "invalid_argument");
    String otherTenant = server.newKey("pager-2", Scope.MONITORING_READ);
    error(
        get("/notes?contains=page&limit=2&cursor=" + first, otherTenant), 400, "invalid_argument");

    e = error(get("/notes?limit=0", key), 400, "invalid_argument");
    assertThat((String) e.get("message")).contains("from 1 to 50");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocument_describesTheRoutes() {
    HttpResponse<String> r = get("/openapi.json", reader);
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> doc = json(r);
    assertThat(doc.get("openapi")).isEqualTo("3.1.0");
    var paths = (Map<String, Map<String, Object>>) doc.get("paths");
    assertThat(paths).containsOnlyKeys("/notes", "/notes/{id}", "/openapi.json");
    assertThat(paths.get("/notes")).containsOnlyKeys("get", "post");
    assertThat(paths.get("/notes/{id}")).containsOnlyKeys("get", "delete");
    assertThat(Json.write(paths.get("/notes").get("post")))
        .contains("\"requestBody\"")
        .contains("\"text\":{\"type\":\"string\",\"description\":\"the note\"}");
  }
}
