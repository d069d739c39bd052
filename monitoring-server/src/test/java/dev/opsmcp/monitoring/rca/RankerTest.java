package dev.opsmcp.monitoring.rca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.monitoring.catalog.ChangeEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankerTest {
  static final Instant T = Instant.parse("2025-01-31T12:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);

  static ServiceSignals anomalous(String service, int onsetMinute, double z) {
    return new ServiceSignals(
        service,
        List.of(
            new SeriesDeparture(
                "m_" + service, "{}", T.plusSeconds(60L * onsetMinute), z, 1, false)),
        1);
  }

  static ChangeEvent change(String service, int minute) {
    return new ChangeEvent(
        1, service, "deploy", "v1", null, T.plusSeconds(60L * minute).atOffset(ZoneOffset.UTC));
  }

  @Test
  void aLouderCallerThatDependsOnTheFailingService_ranksBelowIt() {
    var ranked =
        Ranker.rank(
            List.of(anomalous("caller", 0, 90), anomalous("dependency", 0, 6)),
            Map.of("caller", List.of("dependency")),
            List.of(),
            Set.of("caller"),
            STEP);
    assertThat(ranked).extracting(Candidate::service).containsExactly("dependency", "caller");
  }

  @Test
  void aChangeBeforeTheOnsetRaisesAService_aChangeAfterItDoesNot() {
    List<ServiceSignals> two = List.of(anomalous("a", 0, 8), anomalous("b", 0, 9));
    assertThat(Ranker.rank(two, Map.of(), List.of(change("a", -5)), Set.of(), STEP))
        .first()
        .extracting(Candidate::service)
        .isEqualTo("a");
    assertThat(Ranker.rank(two, Map.of(), List.of(change("a", 5)), Set.of(), STEP))
        .first()
        .extracting(Candidate::service)
        .isEqualTo("b");
  }

  @Test
  void withoutACatalog_theEarliestOnsetLeads() {
    var ranked =
        Ranker.rank(
            List.of(anomalous("late-loud", 5, 50), anomalous("early", 0, 5)),
            Map.of(),
            List.of(),
            Set.of(),
            STEP);
    assertThat(ranked).first().extracting(Candidate::service).isEqualTo("early");
  }

  @Test
  void aServiceOffTheSymptomsDependencyPath_isDemoted() {
    var ranked =
        Ranker.rank(
            List.of(anomalous("unrelated", 0, 20), anomalous("db", 0, 5), anomalous("app", 1, 5)),
            Map.of("app", List.of("db")),
            List.of(change("unrelated", -1)),
            Set.of("app"),
            STEP);
    assertThat(ranked).first().extracting(Candidate::service).isEqualTo("db");
    assertThat(ranked.get(0).evidence())
        .anySatisfy(e -> assertThat(e.path()).containsExactly("app", "db"));
  }

  @Test
  void nothingAnomalous_noCandidates() {
    assertThat(
            Ranker.rank(
                List.of(new ServiceSignals("quiet", List.of(), 3)),
                Map.of(),
                List.of(),
                Set.of(),
                STEP))
        .isEmpty();
  }
}
