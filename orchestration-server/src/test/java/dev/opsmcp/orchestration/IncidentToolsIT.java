package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The incident lifecycle tools through the SDK's real client on a real server and database. */
class IncidentToolsIT {
  static TestServer server;
  static Agent agent;
  static Agent other;
  static Agent reader;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(OrchestrationServer.SPEC);
    agent = new Agent(server.baseUrl(), server.newKey("acme"));
    other = new Agent(server.baseUrl(), server.newKey("globex"));
    reader = new Agent(server.baseUrl(), server.newKey("acme", Scope.INCIDENTS_READ));
  }

  @AfterAll
  static void stop() {
    agent.close();
    other.close();
    reader.close();
    server.close();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> incident(Map<String, Object> result) {
    return (Map<String, Object>) result.get("incident");
  }

  static Map<String, Object> create(String title, String severity, Object... more) {
    Map<String, Object> args = new HashMap<>(Map.of("title", title, "severity", severity));
    for (int i = 0; i < more.length; i += 2) {
      args.put((String) more[i], more[i + 1]);
    }
    return incident(agent.call("create_incident", args));
  }

  @Nested
  class Create {
    @Test
    void createIncident_returnsIdAndPerTenantReference_severityInAnyCase() {
      Map<String, Object> a =
          create("checkout 5xx", "sev2", "services", List.of("web", "api", "web"), "summary", "s");
      assertThat(a).containsEntry("severity", "SEV2").containsEntry("status", "OPEN");
      assertThat(a.get("services")).isEqualTo(List.of("api", "web"));
      assertThat((String) a.get("ref")).matches("INC-\\d+");
      Map<String, Object> b = create("db slow", "4");
      long na = Long.parseLong(((String) a.get("ref")).substring(4));
      long nb = Long.parseLong(((String) b.get("ref")).substring(4));
      assertThat(nb).isGreaterThan(na);
      Map<String, Object> byRef =
          incident(agent.call("get_incident", Map.of("incident_id", a.get("ref"))));
      Map<String, Object> byId =
          incident(agent.call("get_incident", Map.of("incident_id", a.get("id").toString())));
      assertThat(byRef).isEqualTo(byId).containsEntry("title", "checkout 5xx");
      Map<String, Object> lower =
          incident(
              agent.call(
                  "get_incident", Map.of("incident_id", ((String) a.get("ref")).toLowerCase())));
      assertThat(lower.get("id")).isEqualTo(a.get("id"));
    }

    @Test
    void referenceNumbers_arePerTenant() {
      Map<String, Object> first =
          incident(other.call("create_incident", Map.of("title", "x", "severity", "SEV3")));
      Map<String, Object> own = create("y", "SEV3");
      assertThat(first.get("ref")).isEqualTo("INC-1");
      assertThat(own.get("ref")).isNotEqualTo("INC-1");
    }

    @Test
    void sameDedupeKey_returnsTheOpenIncident_andSaysSo_untilItIsResolved() {
      Map<String, Object> first =
          agent.call(
              "create_incident",
              Map.of("title", "disk full", "severity", "SEV3", "dedupe_key", "disk-full-db1"));
      Map<String, Object> again =
          agent.call(
              "create_incident",
              Map.of(
                  "title", "disk full again", "severity", "SEV2", "dedupe_key", "disk-full-db1"));
      assertThat(first).containsEntry("deduplicated", false);
      assertThat(again).containsEntry("deduplicated", true);
      assertThat((String) again.get("note")).contains("dedupe_key");
      assertThat(incident(again).get("id")).isEqualTo(incident(first).get("id"));
      assertThat(incident(again)).containsEntry("title", "disk full");

      agent.call(
          "update_incident",
          Map.of("incident_id", incident(first).get("ref"), "status", "resolved"));
      Map<String, Object> after =
          agent.call(
              "create_incident",
              Map.of("title", "disk full", "severity", "SEV3", "dedupe_key", "disk-full-db1"));
      assertThat(after).containsEntry("deduplicated", false);
      assertThat(incident(after).get("id")).isNotEqualTo(incident(first).get("id"));
    }

    @Test
    void concurrentCreatesWithOneDedupeKey_openExactlyOneIncident() throws Exception {
      String key = "race-" + System.nanoTime();
      List<Callable<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(
            () ->
                incident(
                        agent.call(
                            "create_incident",
                            Map.of("title", "race", "severity", "SEV3", "dedupe_key", key)))
                    .get("id"));
      }
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Object> ids = new ArrayList<>();
        for (Future<Object> f : pool.invokeAll(calls)) {
          ids.add(f.get());
        }
        assertThat(ids).hasSize(6).containsOnly(ids.get(0));
      }
    }

    @Test
    void badInput_isRefusedWithWhatToSend() {
      assertThat(agent.error("create_incident", Map.of("title", "x", "severity", "SEV5")))
          .contains("SEV1 (outage), SEV2, SEV3, SEV4");
      assertThat(agent.error("create_incident", Map.of("title", " ", "severity", "SEV1")))
          .contains("title is empty");
      assertThat(agent.error("create_incident", Map.of("severity", "SEV1")))
          .contains("missing required argument 'title'");
      assertThat(
              agent.error(
                  "create_incident",
                  Map.of("title", "x", "severity", "SEV1", "services", List.of("a b"))))
          .contains("not a service name");
      assertThat(reader.error("create_incident", Map.of("title", "x", "severity", "SEV1")))
          .contains("lacks the scope incidents:write");
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void statusMoves_skipSteps_closeOnlyFromResolved_reopenFromResolved_eachOnTheTimeline() {
      String ref = (String) create("api down", "SEV1").get("ref");
      Map<String, Object> mitigating =
          agent.call("update_incident", Map.of("incident_id", ref, "status", "Mitigating"));
      assertThat(incident(mitigating)).containsEntry("status", "MITIGATING");

      String refused =
          agent.error("update_incident", Map.of("incident_id", ref, "status", "closed"));
      assertThat(refused)
          .contains("cannot move incident " + ref + " from mitigating to closed")
          .contains("allowed from mitigating: investigating, resolved");

      Map<String, Object> resolved =
          agent.call("update_incident", Map.of("incident_id", ref, "status", "resolved"));
      assertThat(incident(resolved).get("resolved_at")).isNotNull();
      Map<String, Object> reopened =
          agent.call("update_incident", Map.of("incident_id", ref, "status", "investigating"));
      assertThat(incident(reopened)).containsEntry("status", "INVESTIGATING");
      assertThat(incident(reopened).get("resolved_at")).isNull();
      agent.call("update_incident", Map.of("incident_id", ref, "status", "resolved"));
      Map<String, Object> closed =
          agent.call("update_incident", Map.of("incident_id", ref, "status", "closed"));
      assertThat(incident(closed)).containsEntry("status", "CLOSED");
      assertThat(agent.error("update_incident", Map.of("incident_id", ref, "status", "open")))
          .contains("allowed from closed: none");

      Map<String, Object> got =
          agent.call("get_incident", Map.of("incident_id", ref, "order", "oldest"));
      List<String> texts = texts(got);
      assertThat(texts)
          .containsExactly(
              "Incident opened: api down",
              "Status open → mitigating",
              "Status mitigating → resolved",
              "Status resolved → investigating",
              "Status investigating → resolved",
              "Status resolved → closed");
    }

    @Test
    void severitySummaryServices_changes_areReadBack_andRecorded_noChangeRecordsNothing() {
      String ref = (String) create("queue lag", "SEV3").get("ref");
      Map<String, Object> r =
          agent.call(
              "update_incident",
              Map.of(
                  "incident_id",
                  ref,
                  "severity",
                  "sev1",
                  "summary",
                  "consumer stuck",
                  "services",
                  List.of("queue")));
      assertThat(incident(r))
          .containsEntry("severity", "SEV1")
          .containsEntry("summary", "consumer stuck")
          .containsEntry("services", List.of("queue"));
      assertThat((List<?>) r.get("changes")).hasSize(3);
      Map<String, Object> same =
          agent.call("update_incident", Map.of("incident_id", ref, "severity", "SEV1"));
      assertThat((List<?>) same.get("changes")).isEmpty();
      assertThat((String) same.get("note")).contains("nothing changed");
      assertThat(agent.error("update_incident", Map.of("incident_id", ref)))
          .contains("send at least one of");
      assertThat(agent.error("update_incident", Map.of("incident_id", ref, "status", "done")))
          .contains("open, investigating, mitigating, resolved, closed");
    }
  }

  @Nested
  class Timeline {
    @Test
    void addTimelineEvent_thenGetIncident_pagesNewestOrOldestFirst_withCursor() {
      String ref = (String) create("latency", "SEV2").get("ref");
      for (int i = 1; i <= 5; i++) {
        Map<String, Object> r =
            agent.call(
                "add_timeline_event",
                Map.of("incident_id", ref, "kind", "finding", "text", "finding " + i));
        assertThat(r).containsEntry("incident_ref", ref);
      }
      Map<String, Object> p1 = agent.call("get_incident", Map.of("incident_id", ref, "limit", 2));
      assertThat(texts(p1)).containsExactly("finding 5", "finding 4");
      assertThat(p1).containsEntry("truncated", true);
      Map<String, Object> p2 =
          agent.call(
              "get_incident",
              Map.of("incident_id", ref, "limit", 2, "cursor", p1.get("next_cursor")));
      assertThat(texts(p2)).containsExactly("finding 3", "finding 2");
      Map<String, Object> p3 =
          agent.call(
              "get_incident",
              Map.of("incident_id", ref, "limit", 2, "cursor", p2.get("next_cursor")));
      assertThat(texts(p3)).containsExactly("finding 1", "Incident opened: latency");
      assertThat(p3).containsEntry("truncated", false);
      Map<String, Object> oldest =
          agent.call("get_incident", Map.of("incident_id", ref, "order", "oldest", "limit", 2));
      assertThat(texts(oldest)).containsExactly("Incident opened: latency", "finding 1");
      assertThat(agent.error("get_incident", Map.of("incident_id", ref, "cursor", "garbage!")))
          .contains("cursor is not valid for this request");
      assertThat(
              agent.error(
                  "get_incident",
                  Map.of("incident_id", ref, "order", "oldest", "cursor", p1.get("next_cursor"))))
          .as("a newest-first cursor read oldest first")
          .contains("cursor is not valid for this request");
      String other = (String) create("other", "SEV4").get("ref");
      assertThat(
              agent.error(
                  "get_incident", Map.of("incident_id", other, "cursor", p1.get("next_cursor"))))
          .as("another incident's timeline cursor")
          .contains("cursor is not valid for this request");
      assertThat(agent.error("get_incident", Map.of("incident_id", ref, "limit", 500)))
          .contains("from 1 to 200");
      assertThat(
              agent.error(
                  "add_timeline_event", Map.of("incident_id", ref, "kind", "A B", "text", "x")))
          .contains("not a short word");
    }
  }

  @Nested
  class Listing {
    @Test
    void listIncidents_filtersByStatusServiceSeveritySince_andPagesWithACursor() {
      String svc = "svc-" + System.nanoTime();
      for (int i = 0; i < 3; i++) {
        create("list " + i, "SEV4", "services", List.of(svc));
      }
      String ref = (String) create("list sev1", "SEV1", "services", List.of(svc)).get("ref");
      agent.call("update_incident", Map.of("incident_id", ref, "status", "investigating"));

      Map<String, Object> all = agent.call("list_incidents", Map.of("service", svc, "limit", 3));
      assertThat(titles(all)).containsExactly("list sev1", "list 2", "list 1");
      assertThat(all).containsEntry("truncated", true);
      Map<String, Object> rest =
          agent.call(
              "list_incidents",
              Map.of("service", svc, "limit", 3, "cursor", all.get("next_cursor")));
      assertThat(titles(rest)).containsExactly("list 0");
      assertThat(
              agent.error(
                  "list_incidents",
                  Map.of("service", svc, "severity", "SEV4", "cursor", all.get("next_cursor"))))
          .as("a cursor sent with other filters")
          .contains("cursor is not valid for this request");
      assertThat(titles(agent.call("list_incidents", Map.of("service", svc, "severity", "sev1"))))
          .containsExactly("list sev1");
      assertThat(
              titles(
                  agent.call("list_incidents", Map.of("service", svc, "status", "investigating"))))
          .containsExactly("list sev1");
      assertThat(titles(agent.call("list_incidents", Map.of("service", svc, "window", "1h"))))
          .hasSize(4);
      assertThat(
              titles(
                  agent.call(
                      "list_incidents", Map.of("service", svc, "start", "2999-01-01T00:00:00Z"))))
          .isEmpty();
      assertThat(
              titles(
                  agent.call(
                      "list_incidents", Map.of("service", svc, "end", "2000-01-01T00:00:00Z"))))
          .isEmpty();
      assertThat(agent.error("list_incidents", Map.of("window", "yesterday")))
          .contains("like 15m, 2h or 1d");
      assertThat(titles(other.call("list_incidents", Map.of("service", svc)))).isEmpty();
    }
  }

  @Nested
  class Isolation {
    @Test
    void aForeignTenantsIncident_readsAsNotFound_everywhere() {
      Map<String, Object> mine = create("secret", "SEV2");
      String id = mine.get("id").toString();
      for (String ref : List.of(id, (String) mine.get("ref"))) {
        assertThat(other.error("get_incident", Map.of("incident_id", ref)))
            .contains("no incident " + ref + " in your tenant");
        assertThat(other.error("update_incident", Map.of("incident_id", ref, "status", "resolved")))
            .contains("no incident");
        assertThat(
                other.error(
                    "add_timeline_event", Map.of("incident_id", ref, "kind", "note", "text", "x")))
            .contains("no incident");
      }
      assertThat(agent.error("get_incident", Map.of("incident_id", "INC-x")))
          .contains("is not an incident id");
      assertThat(incident(agent.call("get_incident", Map.of("incident_id", id))))
          .containsEntry("status", "OPEN");
    }
  }

  @Test
  void manyIncidentsWithLongSummaries_areCutBySize_andCursorsReturnEachOnce() {
    String svc = "svc-long-" + System.nanoTime();
    for (int i = 0; i < 100; i++) {
      create("long " + i, "SEV4", "services", List.of(svc), "summary", "z".repeat(900));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> args = new HashMap<>(Map.of("service", svc, "limit", 100));
      if (cursor != null) {
        args.put("cursor", cursor);
      }
      Agent.Raw raw = agent.rawCall("list_incidents", args);
      assertThat(raw.text().length()).isLessThan(32_000);
      seen.addAll(titles(raw.structured()));
      cursor = (String) raw.structured().get("next_cursor");
      if (pages++ == 0) {
        assertThat(cursor).isNotNull();
        assertThat((String) raw.structured().get("note")).contains("next_cursor");
      }
    } while (cursor != null && pages < 100);
    assertThat(seen).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTimelineOfLongEvents_isCutBySize_andCursorsReturnEveryEventOnce() {
    Map<String, Object> created = create("long timeline", "SEV3");
    long id = ((Number) created.get("id")).longValue();
    var timeline = new dev.opsmcp.common.incident.Timeline(server.db());
    for (int i = 0; i < 200; i++) {
      timeline.add(
          "acme", id, NewEvent.of("comment", "y".repeat(500) + " event " + i, "test", null));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> args =
          new HashMap<>(Map.of("incident_id", created.get("ref"), "order", "oldest", "limit", 200));
      if (cursor != null) {
        args.put("cursor", cursor);
      }
      Agent.Raw raw = agent.rawCall("get_incident", args);
      assertThat(raw.text().length()).isLessThan(32_000);
      Map<String, Object> page = raw.structured();
      seen.addAll(texts(page));
      cursor = (String) page.get("next_cursor");
      assertThat(page.get("truncated")).isEqualTo(cursor != null);
      if (pages++ == 0) {
        assertThat(cursor).isNotNull();
        assertThat((String) page.get("note")).contains("next_cursor");
      }
    } while (cursor != null && pages < 100);
    assertThat(seen).hasSize(201).doesNotHaveDuplicates();
    assertThat(seen.get(0)).isEqualTo("Incident opened: long timeline");
    assertThat(seen.get(200)).endsWith(" event 199");
  }

  @SuppressWarnings("unchecked")
  static List<String> texts(Map<String, Object> got) {
    return ((List<Map<String, Object>>) got.get("timeline"))
        .stream().map(e -> (String) e.get("text")).toList();
  }

  @SuppressWarnings("unchecked")
  static List<String> titles(Map<String, Object> list) {
    return ((List<Map<String, Object>>) list.get("incidents"))
        .stream().map(e -> (String) e.get("title")).toList();
  }
}
