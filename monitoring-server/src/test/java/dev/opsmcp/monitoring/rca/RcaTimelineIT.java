package dev.opsmcp.monitoring.rca;

import static dev.opsmcp.monitoring.rca.Telemetry.Type.GAUGE;
import static dev.opsmcp.monitoring.rca.Telemetry.Type.HISTOGRAM;
import static dev.opsmcp.monitoring.rca.Telemetry.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.rca.Telemetry.Signal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An RCA asked for an incident lands on that incident's timeline (kind {@code rca_result}, the
 * stored result's id as ref); another tenant can neither run RCA on that incident nor add to it,
 * and its stored results stay its own.
 */
class RcaTimelineIT {
  @Test
  void rcaForAnIncidentIsOnItsTimelineAndStaysInItsTenant() throws Exception {
    try (MonitoringFixture mon = MonitoringFixture.start(Map.of())) {
      String key = mon.key("acme");
      Instant now = Instant.now();
      Instant onset = now.minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
      RcaScenariosIT.http(
          "PUT",
          mon.server.baseUrl() + "/api/v1/services/edge",
          key,
          Json.write(Map.of("depends_on", List.of("pricing"))));
      List<Signal> signals =
          List.of(
              new Signal("pricing", "pricing_pool_wait_seconds", GAUGE, 0.01, step(0, 20)),
              new Signal("edge", "edge.request.duration", HISTOGRAM, 0.05, step(1, 5)));
      for (var req :
          Telemetry.requests(signals, onset, now.minus(150, ChronoUnit.MINUTES), now, 7)) {
        assertThat(
                mon.post("/v1/metrics", key, "application/x-protobuf", req.toByteArray())
                    .statusCode())
            .isEqualTo(200);
      }
      IncidentStore incidents = new IncidentStore(mon.db());
      Incident incident =
          incidents.create(
              "acme",
              "edge slow",
              Severity.SEV2,
              List.of("edge"),
              onset.plusSeconds(180).atOffset(ZoneOffset.UTC));
      AgentClient acme = mon.client(key);
      Map<String, Object> result =
          acme.call("root_cause_analysis", Map.of("incident_id", Long.toString(incident.id())));
      long rcaId = ((Number) result.get("rca_id")).longValue();
      @SuppressWarnings("unchecked")
      var candidates = (List<Map<String, Object>>) result.get("candidates");
      assertThat(candidates.get(0).get("service")).isEqualTo("pricing");

      Timeline timeline = new Timeline(mon.db());
      List<TimelineEvent> events =
          timeline.page("acme", incident.id(), false, null, 100).items().stream()
              .filter(e -> e.kind().equals("rca_result"))
              .toList();
      assertThat(events).hasSize(1);
      TimelineEvent e = events.get(0);
      assertThat(e.refId()).isEqualTo(Long.toString(rcaId));
      assertThat(e.source()).isEqualTo("monitoring");
      assertThat(e.text()).contains("1. pricing").contains("Root-cause analysis " + rcaId);

      // another tenant: the incident is not found, nothing is stored or added to its timeline
      AgentClient other = mon.client(mon.key("globex"));
      assertThat(
              other.error(
                  "root_cause_analysis", Map.of("incident_id", Long.toString(incident.id()))))
          .isNotBlank(); // the wording is the incident lookup's
      assertThat(mon.count("SELECT COUNT(*) FROM rca_result WHERE tenant_id = 'globex'")).isZero();
      assertThat(
              timeline.page("acme", incident.id(), false, null, 100).items().stream()
                  .filter(x -> x.kind().equals("rca_result"))
                  .count())
          .isEqualTo(1);
      assertThat(
              mon.count(
                  "SELECT COUNT(*) FROM rca_result WHERE incident_id = ? AND tenant_id <> 'acme'",
                  incident.id()))
          .isZero();
      // an RCA of globex's own (no incident) is stored as globex's and touches no timeline
      Map<String, Object> own = other.call("root_cause_analysis", Map.of("service", "edge"));
      assertThat((List<?>) own.get("candidates")).isEmpty();
      assertThat(mon.count("SELECT COUNT(*) FROM rca_result WHERE tenant_id = 'globex'"))
          .isEqualTo(1);
      assertThat(
              mon.count(
                  "SELECT COUNT(*) FROM rca_result WHERE tenant_id = 'acme' AND id = ?", rcaId))
          .isEqualTo(1);
    }
  }
}
