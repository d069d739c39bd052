package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alert intake under hostile payloads and overload, on real Jetty: every bad payload is a 400 that
 * names the field (never a 5xx Alertmanager would retry forever, never a vague message), and a busy
 * intake answers 503 with Retry-After (retried), never 429 (dropped).
 */
class AlertIntakeLimitsIT {
  static TestServer orch;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    orch =
        TestServer.start(OrchestrationServer.SPEC, Map.of("OPSMCP_ALERT_INTAKE_CONCURRENCY", "1"));
    key = orch.newKey("acme", Scope.ALERTS_WRITE);
  }

  @AfterAll
  static void stop() {
    orch.close();
  }

  static HttpResponse<String> post(String body) {
    return Http.postJson(
        orch.baseUrl() + "/api/v1/alerts/alertmanager", body, "Authorization", Http.bearer(key));
  }

  static String group(String groupKey, String labels, String startsAt) {
    return """
        {"version":"4","groupKey":"%s","status":"firing","commonLabels":{"severity":"warning"},
         "alerts":[{"status":"firing","labels":%s,"annotations":{"summary":"x"},
           "startsAt":"%s","fingerprint":"f1"}]}"""
        .formatted(groupKey, labels, startsAt);
  }

  @Test
  void hostilePayloads_are400NamingTheField() {
    HttpResponse<String> notJson = post("{\"status\": firing}");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not valid JSON").contains("line 1");

    HttpResponse<String> deep = post("[".repeat(5_000) + "]".repeat(5_000));
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.body()).contains("nested too deeply");

    HttpResponse<String> nul =
        post(group("g-nul", "{\"alertname\":\"A\\u0000B\"}", "2025-01-31T12:00:00Z"));
    assertThat(nul.statusCode()).isEqualTo(400);
    assertThat(nul.body()).contains("alerts[0].labels.alertname").contains("NUL");

    HttpResponse<String> farFuture =
        post(group("g-year", "{\"alertname\":\"A\"}", "+99999-01-01T00:00:00Z"));
    assertThat(farFuture.statusCode()).isEqualTo(400);
    assertThat(farFuture.body()).contains("alerts[0].startsAt");
  }

  @Test
  void aHugeGroupKey_isStoredHashed_andStillDedupes() {
    StringBuilder huge = new StringBuilder(); // random: a repeated text would compress to fit
    while (huge.length() < 20_000) {
      huge.append(java.util.UUID.randomUUID());
    }
    String body = group(huge.toString(), "{\"alertname\":\"Huge\"}", "2025-01-31T12:00:00Z");
    HttpResponse<String> first = post(body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).contains("\"opened\":true");
    HttpResponse<String> replay = post(body);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("\"opened\":false").contains("\"events_added\":0");
  }

  @Test
  void busyIntake_answers503WithRetryAfter_never429() throws Exception {
    URI base = URI.create(orch.baseUrl());
    try (Socket slow = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = slow.getOutputStream();
      out.write(
          ("POST /api/v1/alerts/alertmanager HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + key
                  + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"status\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush(); // the one intake slot now waits for the rest of this body
      HttpResponse<String> busy = null;
      for (int i = 0; i < 50 && (busy == null || busy.statusCode() != 503); i++) {
        Thread.sleep(100);
        busy = post(group("g-busy", "{\"alertname\":\"A\"}", "2025-01-31T12:00:00Z"));
      }
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).contains("5");
      assertThat(busy.body()).contains("\"code\":\"unavailable\"");
    }
    HttpResponse<String> after =
        post(group("g-busy", "{\"alertname\":\"A\"}", "2025-01-31T12:00:00Z"));
    for (int i = 0; i < 50 && after.statusCode() == 503; i++) {
      Thread.sleep(100); // the slot frees once Jetty sees the slow request's connection close
      after = post(group("g-busy", "{\"alertname\":\"A\"}", "2025-01-31T12:00:00Z"));
    }
    assertThat(after.statusCode()).isEqualTo(200);
  }
}
