package dev.opsmcp.messaging;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.tool.Json;
import java.net.http.HttpResponse;
import java.util.Map;

/** A human through the REST API with a messaging:human key. */
record Human(String baseUrl, String key) {
  HttpResponse<String> post(String path, Map<String, Object> body) {
    return Http.postJson(
        baseUrl + "/api/v1" + path, Json.write(body), "Authorization", Http.bearer(key));
  }

  HttpResponse<String> get(String path) {
    return Http.get(baseUrl + "/api/v1" + path, "Authorization", Http.bearer(key));
  }

  HttpResponse<String> answer(String questionId, String answer) {
    return post("/questions/" + questionId + "/answer", Map.of("answer", answer));
  }

  HttpResponse<String> decide(String approvalId, String decision, String comment) {
    return post(
        "/approvals/" + approvalId + "/decision", Map.of("decision", decision, "comment", comment));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return (Map<String, Object>) Json.MAPPER.readValue(r.body(), Map.class);
  }
}
