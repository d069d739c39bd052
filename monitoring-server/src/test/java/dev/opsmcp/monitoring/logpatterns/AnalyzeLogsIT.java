package dev.opsmcp.monitoring.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import dev.opsmcp.monitoring.MonitoringFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * analyze_logs over lines ingested through log-analytics' {@code /api/v1/logs} into the database
 * both servers share, called through a real MCP client.
 */
class AnalyzeLogsIT {
  static MonitoringFixture mon;
  static TestServer logs;
  static AgentClient client;
  static Instant now;
  static final String TENANT = "logpatterns";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    mon = MonitoringFixture.start(Map.of());
    logs = TestServer.start(LogAnalyticsServer.SPEC, Map.of(), mon.db(), false);
    String key = mon.key(TENANT);
    client = mon.client(key);
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Map<String, Object>> lines = new ArrayList<>();
    // minutes back from now: the window is the last 30, its baseline the 30 before
    for (int i = 0; i < 60; i++) {
      double back = 59.5 - i;
      lines.add(
          line(back, "checkout", "INFO", "GET /api/cart/" + (1000 + i) + " took " + i + "ms"));
      lines.add(line(back, "search", "INFO", "query q=" + i + " returned " + (i * 3) + " hits"));
    }
    for (int i = 0; i < 10; i++) {
      lines.add(line(55 - i, "checkout", "INFO", "cache warmup finished in " + (200 + i) + "ms"));
    }
    for (int i = 0; i < 5; i++) {
      lines.add(line(50 - i, "checkout", "WARN", "payment retry for order " + i + " attempt 2"));
    }
    for (int i = 0; i < 40; i++) {
      lines.add(
          line(25 - i * 0.5, "checkout", "WARN", "payment retry for order " + i + " attempt 3"));
    }
    for (int i = 0; i < 25; i++) {
      lines.add(
          line(
              20 - i * 0.5,
              "checkout",
              "ERROR",
              "NullPointerException at PaymentMapper.map order=" + (7000 + i) + " trace=0x" + i));
    }
    for (int from = 0; from < lines.size(); from += 200) {
      var r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(logs.baseUrl() + "/api/v1/logs"))
                  .header("Authorization", "Bearer " + key)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Json.write(lines.subList(from, Math.min(lines.size(), from + 200)))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  static Map<String, Object> line(double minutesBack, String service, String level, String msg) {
    return Map.of(
        "ts",
        now.minusMillis((long) (minutesBack * 60_000)).toString(),
        "service",
        service,
        "level",
        level,
        "message",
        msg);
  }

  @AfterAll
  static void stop() {
    if (logs != null) {
      logs.close();
    }
    mon.close();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> templates(Map<String, Object> r) {
    return (List<Map<String, Object>>) r.get("templates");
  }

  @Test
  void templates_comparedWithTheBaseline_mostAnomalousFirst() {
    Map<String, Object> r = client.call("analyze_logs", Map.of("window", "30m"));
    String text = Json.write(r);
    System.out.println("[analyze_logs] " + text);
    assertThat(text.length() / 4).isLessThan(8_000);
    List<Map<String, Object>> t = templates(r);
    assertThat(r.get("lines")).isEqualTo(30 + 30 + 40 + 25);
    assertThat(r.get("baseline_lines")).isEqualTo(30 + 30 + 10 + 5);

    Map<String, Object> npe = t.get(0);
    assertThat(npe)
        .containsEntry("service", "checkout")
        .containsEntry("change", "new")
        .containsEntry("level", "ERROR")
        .containsEntry("count", 25)
        .containsEntry("baseline_count", 0)
        .containsEntry(
            "template", "NullPointerException at PaymentMapper.map order=<NUM> trace=<HEX>");
    assertThat((String) npe.get("example")).startsWith("NullPointerException at PaymentMapper");
    assertThat(Instant.parse((String) npe.get("first_seen")))
        .isBefore(Instant.parse((String) npe.get("last_seen")));

    Map<String, Object> retry = t.get(1);
    assertThat(retry)
        .containsEntry("change", "spiking")
        .containsEntry("level", "WARN")
        .containsEntry("count", 40)
        .containsEntry("baseline_count", 5)
        .containsEntry("template", "payment retry for order <NUM> attempt <NUM>");

    assertThat(t.get(2))
        .containsEntry("change", "gone")
        .containsEntry("count", 0)
        .containsEntry("baseline_count", 10)
        .containsEntry("template", "cache warmup finished in <DUR>");
    assertThat(t.subList(3, t.size())).extracting(m -> m.get("change")).containsOnly("steady");
    assertThat(t)
        .extracting(m -> m.get("template"))
        .contains("GET <PATH> took <DUR>", "query q=<NUM> returned <NUM> hits");
    assertThat(r.get("truncated")).isEqualTo(false);
  }

  @Test
  void filters_level_service_incident_andLimit() {
    Map<String, Object> errors =
        client.call("analyze_logs", Map.of("window", "30m", "level", "error"));
    assertThat(templates(errors))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("count", 25));

    Map<String, Object> search =
        client.call("analyze_logs", Map.of("window", "30m", "service", "search"));
    assertThat(templates(search)).extracting(m -> m.get("service")).containsOnly("search");

    var incident =
        new IncidentStore(mon.db())
            .create(
                TENANT,
                "search slow",
                Severity.SEV3,
                List.of("search"),
                now.minus(10, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
    Map<String, Object> byIncident =
        client.call("analyze_logs", Map.of("incident_id", incident.ref()));
    assertThat(templates(byIncident)).extracting(m -> m.get("service")).containsOnly("search");
    assertThat(Instant.parse((String) byIncident.get("window_start")))
        .isEqualTo(now.minus(40, ChronoUnit.MINUTES));

    Map<String, Object> two = client.call("analyze_logs", Map.of("window", "30m", "limit", 2));
    assertThat(templates(two)).hasSize(2);
    assertThat(two.get("truncated")).isEqualTo(true);
    assertThat(two.get("templates_total")).isEqualTo(5);
    assertThat((String) two.get("next")).contains("raise limit");
  }

  @Test
  void badInput_actionableErrors_andTenantIsolation() {
    assertThat(client.error("analyze_logs", Map.of("level", "LOUD")))
        .contains("not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    assertThat(client.error("analyze_logs", Map.of("limit", 41))).contains("from 1 to 40");
    assertThat(client.error("analyze_logs", Map.of("incident_id", "INC-999999")))
        .contains("no incident INC-999999");
    assertThat(client.error("analyze_logs", Map.of("window", "30m", "start", now.toString())))
        .contains("either window");

    AgentClient other = mon.client(mon.key("someone-else"));
    Map<String, Object> r = other.call("analyze_logs", Map.of("window", "2h"));
    assertThat(templates(r)).isEmpty();
    assertThat(r.get("notes").toString()).contains("No log lines");
  }
}
