package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.AgentClient;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One incident reference and one window across the four servers, through the SDK's real client:
 * every {@code incident_id} takes the id or the tenant's {@code INC-n}, another tenant's incident
 * is not found, and every time range is {@code window} or {@code start}/{@code end}.
 */
class IncidentReferencesIT {
  static FourServers four;
  static Map<String, AgentClient> acme = new LinkedHashMap<>();
  static Map<String, AgentClient> other = new LinkedHashMap<>();

  /** acme's only incident: INC-1, whose id is not 1 (the other tenant's incidents came first). */
  static Map<String, Object> incident;

  @BeforeAll
  static void start() throws Exception {
    four = FourServers.start(Map.of());
    EnumSet<Scope> all = EnumSet.allOf(Scope.class);
    all.remove(Scope.ADMIN);
    String otherKey = four.byName.get("messaging").newKey("other", all.toArray(Scope[]::new));
    for (String name : four.byName.keySet()) {
      acme.put(name, new AgentClient(four.url(name), four.key));
      other.put(name, new AgentClient(four.url(name), otherKey));
    }
    for (String title : List.of("theirs one", "theirs two")) {
      create(other.get("orchestration"), title);
    }
    incident = create(acme.get("orchestration"), "checkout errors");
    assertThat(incident.get("ref")).isEqualTo("INC-1");
    assertThat(((Number) incident.get("id")).longValue()).isNotEqualTo(1L);
  }

  @AfterAll
  static void stop() {
    acme.values().forEach(AgentClient::close);
    other.values().forEach(AgentClient::close);
    if (four != null) {
      four.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> create(AgentClient orchestration, String title) {
    return (Map<String, Object>)
        orchestration
            .call(
                "create_incident",
                Map.of("title", title, "severity", "SEV2", "services", List.of("checkout")))
            .get("incident");
  }

  /** One tool of each server that takes incident_id, with the arguments it needs besides. */
  private static final Map<String, Map.Entry<String, Map<String, Object>>> TOOLS =
      Map.of(
          "orchestration", Map.entry("get_incident", Map.of()),
          "log-analytics", Map.entry("get_raw_logs", Map.of()),
          "monitoring", Map.entry("analyze_logs", Map.of()),
          "messaging",
              Map.entry(
                  "request_approval",
                  Map.of(
                      "action", "restart checkout",
                      "details", "rolling restart",
                      "risk", "low",
                      "wait_seconds", 0)));

  private static Map<String, Object> args(String server, String incidentId) {
    Map<String, Object> args = new LinkedHashMap<>(TOOLS.get(server).getValue());
    args.put("incident_id", incidentId);
    return args;
  }

  @Test
  void everyServer_acceptsTheTenantsReference_andTheId() {
    String id = incident.get("id").toString();
    for (String server : TOOLS.keySet()) {
      String tool = TOOLS.get(server).getKey();
      for (String ref : List.of("INC-1", "inc-1", id)) {
        assertThat(acme.get(server).call(tool, args(server, ref)))
            .as(server + " " + ref)
            .isNotNull();
      }
    }
    Map<String, Object> byIncident =
        acme.get("monitoring").call("analyze_logs", args("monitoring", "INC-1"));
    Instant started = Instant.parse((String) incident.get("started_at"));
    Instant from = Instant.parse((String) byIncident.get("window_start"));
    assertThat(Duration.between(started.minus(Duration.ofMinutes(30)), from).abs())
        .isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void anotherTenantsReference_orId_isNotFound_onEveryServer() {
    for (String server : TOOLS.keySet()) {
      String tool = TOOLS.get(server).getKey();
      // the other tenant has INC-2 and ids below acme's; acme has neither
      assertThat(acme.get(server).error(tool, args(server, "INC-2")))
          .as(server)
          .contains("no incident INC-2 in your tenant");
      assertThat(acme.get(server).error(tool, args(server, "1")))
          .as(server)
          .contains("no incident 1 in your tenant");
      assertThat(other.get(server).error(tool, args(server, incident.get("id").toString())))
          .as(server)
          .contains("in your tenant");
      assertThat(acme.get(server).error(tool, args(server, "the checkout outage")))
          .as(server)
          .contains("is not an incident id")
          .contains("INC-42");
    }
  }

  @Test
  void window_backFromNow_orStartEnd_andABadOneSaysWhatToSend() {
    Instant end = Instant.now().plusSeconds(60);
    Instant start = end.minus(Duration.ofHours(3));
    Map<String, Object> logs =
        acme.get("log-analytics")
            .call("get_raw_logs", Map.of("start", start.toString(), "end", end.toString()));
    assertThat(Instant.parse((String) logs.get("window_start"))).isEqualTo(start);
    assertThat(Instant.parse((String) logs.get("window_end"))).isEqualTo(end);
    Map<String, Object> twoHours =
        acme.get("log-analytics").call("get_raw_logs", Map.of("window", "2h"));
    assertThat(
            Duration.between(
                Instant.parse((String) twoHours.get("window_start")),
                Instant.parse((String) twoHours.get("window_end"))))
        .isEqualTo(Duration.ofHours(2));
    assertThat(acme.get("orchestration").call("list_incidents", Map.of("window", "1h")))
        .extractingByKey("incidents")
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .hasSize(1);
    assertThat(
            acme.get("orchestration")
                .call("list_incidents", Map.of("end", Instant.now().minusSeconds(3600).toString())))
        .extractingByKey("incidents")
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .isEmpty();
    assertThat(acme.get("monitoring").call("get_system_metrics", Map.of("window", "1d")))
        .isNotNull();

    for (String[] bad :
        new String[][] {
          {"log-analytics", "get_raw_logs"},
          {"monitoring", "analyze_logs"},
          {"monitoring", "get_system_metrics"},
          {"monitoring", "root_cause_analysis"},
          {"orchestration", "list_incidents"}
        }) {
      assertThat(acme.get(bad[0]).error(bad[1], Map.of("window", "2 hours ago")))
          .as(bad[1])
          .contains("window '2 hours ago' is not a duration")
          .contains("like 15m, 2h or 1d");
      assertThat(acme.get(bad[0]).error(bad[1], Map.of("start", "yesterday")))
          .as(bad[1])
          .contains("start 'yesterday' is not RFC 3339");
    }
  }

  @Test
  void getRawLogs_stillTakesTimeframe_asAnAliasOfWindow() {
    Map<String, Object> old =
        acme.get("log-analytics").call("get_raw_logs", Map.of("timeframe", "45m"));
    assertThat(
            Duration.between(
                Instant.parse((String) old.get("window_start")),
                Instant.parse((String) old.get("window_end"))))
        .isEqualTo(Duration.ofMinutes(45));
    assertThat(acme.get("log-analytics").error("get_raw_logs", Map.of("timeframe", "soon")))
        .contains("timeframe 'soon' is not a duration");
    assertThat(
            acme.get("log-analytics")
                .error("get_raw_logs", Map.of("timeframe", "45m", "window", "2h")))
        .contains("send only window");
  }
}
