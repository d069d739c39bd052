package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.orchestration.Receiver;
import dev.opsmcp.orchestration.RemediationScenarios;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted incident across the four real servers through the SDK's real client: an analysis run
 * on log-analytics and an RCA on monitoring, both naming the incident by its {@code INC-n}, a
 * question on messaging answered through its REST API while the agent waits, a high-risk
 * remediation approved there and run against a local HTTP endpoint; the postmortem lists each of
 * those events, in time order, with the server it came from.
 */
class ScriptedPostmortemIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A postmortem timeline line: {@code - 2026-01-31 12:00:00 · kind (source[, actor]): text}. */
  private static final Pattern LINE =
      Pattern.compile(
          "- (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) · (\\w+) \\(([\\w-]+)(?:, ([^)]*))?\\): (.*)");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  record Line(LocalDateTime at, String kind, String source, String actor, String text) {}

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void postmortem_ofAScriptedIncident_listsEachServersEvents_inTimeOrder_withTheirSource()
      throws Exception {
    try (Receiver target = new Receiver(0);
        FourServers four = FourServers.start(RemediationScenarios.env(target.url()));
        AgentClient orchestration = new AgentClient(four.url("orchestration"), four.key);
        AgentClient logs = new AgentClient(four.url("log-analytics"), four.key);
        AgentClient monitoring = new AgentClient(four.url("monitoring"), four.key);
        AgentClient messaging = new AgentClient(four.url("messaging"), four.key)) {
      RemediationScenarios runs =
          new RemediationScenarios(
              orchestration, null, four.url("messaging"), four.humanKey, "test", target);
      @SuppressWarnings("unchecked")
      Map<String, Object> incident =
          (Map<String, Object>)
              orchestration
                  .call(
                      "create_incident",
                      Map.of(
                          "title", "checkout errors",
                          "severity", "SEV2",
                          "services", List.of("checkout"),
                          "summary", "5xx on checkout after deploy 42"))
                  .get("incident");
      String ref = (String) incident.get("ref");

      Map<String, Object> analysis =
          logs.call(
              "execute_analysis_script",
              Map.of("code", "print('timeouts: 4210')", "incident_id", ref));
      assertThat(analysis)
          .as("analysis run: %s", analysis)
          .containsEntry("stdout", "timeouts: 4210\n");

      Map<String, Object> rca = monitoring.call("root_cause_analysis", Map.of("incident_id", ref));
      assertThat(rca).containsKey("rca_id");

      // A question reaches the incident through its session, and a session names its incident
      // when request_approval does (ask_question takes no incident_id).
      Map<String, Object> paging =
          messaging.call(
              "request_approval",
              Map.of(
                  "action", "page the checkout on-call",
                  "details", "checkout 5xx since deploy 42",
                  "risk", "low",
                  "incident_id", ref,
                  "wait_seconds", 0));
      assertThat(
              humanPost(
                  four,
                  "/api/v1/approvals/" + paging.get("approval_id") + "/decision",
                  Map.of("decision", "approve")))
          .isEqualTo(200);
      // The agent waits on its own thread (the common pool may have one worker on 2 cores, and
      // the client's HTTP completions need it).
      ExecutorService agentThread = Executors.newSingleThreadExecutor();
      Future<Map<String, Object>> asked =
          agentThread.submit(
              () ->
                  messaging.call(
                      "ask_question",
                      Map.of(
                          "question",
                          "Roll checkout back to deploy 41?",
                          "session_id",
                          paging.get("session_id"),
                          "wait_seconds",
                          45)));
      agentThread.shutdown();
      String questionId = awaitPendingQuestion(four);
      assertThat(
              humanPost(
                  four, "/api/v1/questions/" + questionId + "/answer", Map.of("answer", "yes")))
          .isEqualTo(200);
      Map<String, Object> answered = asked.get(60, TimeUnit.SECONDS);
      assertThat(answered).containsEntry("status", "answered").containsEntry("answer", "yes");

      Map<String, Object> pending =
          runs.execute(
              orchestration, ref, "restart-service", "parameters", Map.of("service", "checkout"));
      assertThat(pending).containsEntry("status", "pending_approval");
      assertThat(runs.decide((String) pending.get("approval_id"), "approve").statusCode())
          .isEqualTo(200);
      assertThat(runs.awaitFinished(orchestration, (String) pending.get("run_id")))
          .containsEntry("status", "succeeded");
      assertThat(target.to("/restart/checkout")).hasSize(1);
      // messaging puts its events on the timeline as they happen, from its own listener
      awaitTimeline(runs, ref, "question_asked", "question_answered");

      Map<String, Object> pm =
          orchestration.call(
              "document_resolution",
              Map.of(
                  "incident_id", ref,
                  "root_cause", "Deploy 42 set the DB pool to 2",
                  "resolution", "Restarted checkout on deploy 41"));
      String md = (String) pm.get("markdown");
      List<Line> timeline = timeline(md);

      List<String> expected =
          List.of(
              "created (agent)",
              "analysis_run (log-analytics)",
              "rca_result (monitoring)",
              "question_asked (messaging)",
              "question_answered (messaging)",
              "remediation_requested (orchestration)",
              "remediation_started (orchestration)",
              "remediation_finished (orchestration)",
              "status_changed (agent)");
      List<String> seen = timeline.stream().map(l -> l.kind() + " (" + l.source() + ")").toList();
      assertThat(seen).as(md).containsSubsequence(expected);
      for (int i = 1; i < timeline.size(); i++) {
        assertThat(timeline.get(i).at()).as(md).isAfterOrEqualTo(timeline.get(i - 1).at());
      }
      Line answer = only(timeline, "question_answered");
      assertThat(answer.actor()).isEqualTo("test");
      assertThat(answer.text()).isEqualTo("Human answered: yes");
      assertThat(only(timeline, "analysis_run").text())
          .startsWith("Analysis run " + analysis.get("run_id") + ": ok, exit code 0");
      assertThat(only(timeline, "rca_result").text())
          .startsWith("Root-cause analysis " + rca.get("rca_id") + ":");
      Line started = only(timeline, "remediation_started");
      assertThat(started.actor()).isEqualTo("test");
      assertThat(started.text())
          .contains("approved by test", "POST " + target.url() + "/restart/checkout");
      assertThat(md)
          .contains("restart-service (high risk, remediation): succeeded, exit status 200")
          .containsPattern("decided by test \\(approval apr_\\w+\\)");
    }
  }

  /** The timeline section's lines, parsed; every line must parse. */
  private static List<Line> timeline(String md) {
    String section = md.substring(md.indexOf("## Timeline\n"), md.indexOf("## Root cause"));
    List<Line> lines = new ArrayList<>();
    for (String line : section.lines().filter(l -> l.startsWith("- ")).toList()) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("timeline line %s", line).isTrue();
      lines.add(
          new Line(
              LocalDateTime.parse(m.group(1), TIME),
              m.group(2),
              m.group(3),
              m.group(4),
              m.group(5)));
    }
    return lines;
  }

  private static Line only(List<Line> timeline, String kind) {
    List<Line> of = timeline.stream().filter(l -> l.kind().equals(kind)).toList();
    assertThat(of).as(kind).hasSize(1);
    return of.get(0);
  }

  private static int humanPost(FourServers four, String path, Map<String, Object> body) {
    var r =
        Http.postJson(
            four.url("messaging") + path,
            Json.write(new LinkedHashMap<>(body)),
            "Authorization",
            Http.bearer(four.humanKey));
    assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(200);
    return r.statusCode();
  }

  /** The human's inbox: the one pending question's id, once the agent has asked it. */
  private static String awaitPendingQuestion(FourServers four) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      var r =
          Http.get(
              four.url("messaging") + "/api/v1/questions?status=pending",
              "Authorization",
              Http.bearer(four.humanKey));
      JsonNode items = JSON.readTree(r.body()).path("items");
      if (items.size() == 1) {
        return items.get(0).path("id").asString();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending question within 30 s");
  }

  private static void awaitTimeline(RemediationScenarios runs, String ref, String... kinds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<String> texts = List.of();
    while (System.nanoTime() < deadline) {
      texts = runs.timelineTexts(ref);
      List<String> now = texts;
      if (List.of(kinds).stream().allMatch(k -> now.stream().anyMatch(t -> t.startsWith(k)))) {
        return;
      }
      Thread.sleep(50);
    }
    for (String kind : kinds) {
      assertThat(texts).as("timeline of " + ref).anyMatch(t -> t.startsWith(kind));
    }
  }
}
