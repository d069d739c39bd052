package dev.opsmcp.dist;

import dev.opsmcp.common.testing.Http;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orchestration's alert intake ({@code /api/v1/alerts/alertmanager} and {@code …/grafana}) under
 * hostile input: bodies that are not one JSON object, a real webhook with each field (top level and
 * in an alert) set to every hostile JSON text, odd alert lists and label maps, hostile query
 * parameters, other methods and paths, and a key without {@code alerts:write}.
 */
final class AlertProbes {
  private static final List<String> TOP =
      List.of(
          "version",
          "groupKey",
          "status",
          "receiver",
          "groupLabels",
          "commonLabels",
          "commonAnnotations",
          "externalURL",
          "truncatedAlerts",
          "alerts");
  private static final List<String> ALERT =
      List.of(
          "status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint");

  private final HostileInputIT suite;
  private final String api;
  private final String key;
  private final String foreignKey;

  AlertProbes(HostileInputIT suite, String baseUrl, String key, String foreignKey) {
    this.suite = suite;
    this.api = baseUrl + "/api/v1/alerts";
    this.key = key;
    this.foreignKey = foreignKey;
  }

  void run() {
    for (String source : List.of("alertmanager", "grafana")) {
      String path = "/" + source;
      post(path, key, webhook(alert()));
      post(path, foreignKey, webhook(alert()));
      for (byte[] body : HostileValues.brokenBodies()) {
        post(path, key, body);
      }
      for (String field : TOP) {
        for (String raw : HostileValues.RAW_VALUES) {
          post(path, key, replace(webhook(alert()), field, raw));
        }
      }
      for (String field : ALERT) {
        for (String raw : HostileValues.RAW_VALUES) {
          post(path, key, webhook(replace(alert(), field, raw)));
        }
      }
      for (String alerts :
          List.of(
              "[]",
              "[null]",
              "[1]",
              "[[]]",
              "[" + alert() + "," + "{}" + "]",
              "[" + String.join(",", java.util.Collections.nCopies(2_000, alert())) + "]")) {
        post(path, key, replace(webhook(alert()), "alerts", alerts));
      }
      for (String labels :
          List.of(
              "{\"service\":null}",
              "{\"service\":5}",
              "{\"service\":\"\"}",
              "{\"service\":\"a\\u0000b\"}",
              "{\"service\":\"" + HostileValues.HUGE + "\"}",
              "{\"" + "k".repeat(10_000) + "\":\"v\"}",
              manyLabels())) {
        post(path, key, webhook(replace(alert(), "labels", labels)));
      }
      for (String value : List.of("", "true", "TRUE", "1", "a\0b", "x".repeat(2_000))) {
        post(
            path + "?auto_resolve=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
            key,
            webhook(alert()));
      }
      for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
        send(method, path, key, webhook(alert()).getBytes(StandardCharsets.UTF_8));
      }
    }
    for (String path :
        List.of("", "/", "/other", "/alertmanager/x", "/%00", "/" + "x".repeat(3_000))) {
      post(path, key, webhook(alert()));
    }
  }

  private static String alert() {
    return "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighErrorRate\",\"service\":"
        + "\"probed-service\"},\"annotations\":{\"summary\":\"errors\"},\"startsAt\":"
        + "\"2026-01-01T00:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":"
        + "\"http://prometheus/graph\",\"fingerprint\":\"abc123\"}";
  }

  private static String webhook(String alert) {
    return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"HighErrorRate\\\"}\",\"status\":"
        + "\"firing\",\"receiver\":\"opsmcp\",\"groupLabels\":{\"alertname\":\"HighErrorRate\"},"
        + "\"commonLabels\":{\"alertname\":\"HighErrorRate\"},\"commonAnnotations\":{},"
        + "\"externalURL\":\"http://alertmanager\",\"truncatedAlerts\":0,\"alerts\":["
        + alert
        + "]}";
  }

  /**
   * {@code json} (one object written above) with {@code field} set to the JSON text {@code raw}.
   */
  private static String replace(String json, String field, String raw) {
    Map<String, Object> map =
        new LinkedHashMap<>(
            dev.opsmcp.common.tool.Json.MAPPER.readValue(
                json, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {}));
    List<String> parts = new ArrayList<>();
    for (var e : map.entrySet()) {
      String value =
          e.getKey().equals(field) ? raw : dev.opsmcp.common.tool.Json.write(e.getValue());
      parts.add(dev.opsmcp.common.tool.Json.write(e.getKey()) + ":" + value);
    }
    return "{" + String.join(",", parts) + "}";
  }

  private static String manyLabels() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < 5_000; i++) {
      b.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
    }
    return b.append("}").toString();
  }

  private void post(String path, String credential, String body) {
    send("POST", path, credential, body.getBytes(StandardCharsets.UTF_8));
  }

  private void post(String path, String credential, byte[] body) {
    send("POST", path, credential, body);
  }

  private void send(String method, String path, String credential, byte[] body) {
    suite.probe(
        method
            + " /api/v1/alerts"
            + Verdicts.head(path)
            + " "
            + Verdicts.head(new String(body, StandardCharsets.UTF_8)),
        () -> {
          HttpResponse<String> r =
              Http.send(
                  method,
                  api + path,
                  body,
                  "Authorization",
                  Http.bearer(credential),
                  "Content-Type",
                  "application/json");
          return Verdicts.http(method, r);
        });
  }
}
