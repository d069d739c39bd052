package dev.opsmcp.loganalytics.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.loganalytics.LogAnalyticsFixture;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analysis tools end to end in the real jail: runs, results, files, paths, tenancy. */
class SandboxIT {
  static LogAnalyticsFixture la;

  @BeforeAll
  static void start() throws Exception {
    la = LogAnalyticsFixture.start(Map.of("OPSMCP_ANALYSIS_CONCURRENCY", "4"));
  }

  @AfterAll
  static void stop() {
    la.close();
  }

  @Test
  void health_reportsTheJailVerified() {
    var r = Http.get(la.server.baseUrl() + "/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"analysis\":{\"status\":\"ok\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void inlineScript_overLogData_returnsResultFilesAndIsListed() throws Exception {
    String key = la.key("sb1");
    String lines =
        """
        {"ts":"%s","service":"api","level":"ERROR","message":"timeout calling db"}
        {"ts":"%s","service":"api","level":"ERROR","message":"timeout calling db"}
        {"ts":"%s","service":"api","level":"INFO","message":"ok"}
        """
            .formatted(
                Instant.now().minusSeconds(30),
                Instant.now().minusSeconds(20),
                Instant.now().minusSeconds(10));
    la.post("/api/v1/logs", key, "application/json", lines.getBytes(StandardCharsets.UTF_8));
    McpSyncClient c = la.client(key);
    String data =
        (String)
            la.call(c, "get_raw_logs", Map.of("timeframe", "5m", "export", true))
                .get("log_data_path");
    long incident =
        new IncidentStore(la.server.db())
            .create(
                "sb1",
                "api errors",
                Severity.SEV3,
                List.of("api"),
                OffsetDateTime.now(ZoneOffset.UTC))
            .id();
    String code =
        """
        import json, collections, os
        rows = json.load(open('input.json'))
        same = json.load(open(os.environ['LOG_DATA_PATH'])) == json.load(open('%s'))
        c = collections.Counter(r['level'] for r in rows)
        json.dump({'levels': c, 'same': same}, open('out/result.json', 'w'))
        open('out/report.txt', 'w').write('done')
        print('rows', len(rows))
        """
            .formatted(data);
    Map<String, Object> run =
        la.call(
            c,
            "execute_analysis_script",
            Map.of("code", code, "log_data_path", data, "incident_id", String.valueOf(incident)));
    assertThat(run.get("status")).as(run.toString()).isEqualTo("ok");
    assertThat(run.get("exit_code")).isEqualTo(0);
    assertThat(run.get("stdout")).isEqualTo("rows 3\n");
    assertThat(run.get("result"))
        .isEqualTo(Map.of("levels", Map.of("ERROR", 2, "INFO", 1), "same", true));
    String id = (String) run.get("run_id");
    List<Map<String, Object>> files = (List<Map<String, Object>>) run.get("files");
    assertThat(files)
        .extracting(f -> f.get("path"))
        .containsExactly("runs/" + id + "/out/report.txt", "runs/" + id + "/out/result.json");
    assertThat(((Number) run.get("incident_id")).longValue()).isEqualTo(incident);
    assertThat(new Timeline(la.server.db()).page("sb1", incident, false, null, 50).items())
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("analysis_run");
              assertThat(e.source()).isEqualTo("log-analytics");
              assertThat(e.refId()).isEqualTo(id);
              assertThat(e.text()).startsWith("Analysis run " + id + ": ok, exit code 0");
            });

    Map<String, Object> again = la.call(c, "get_analysis_run", Map.of("run_id", id));
    assertThat(again.get("result")).isEqualTo(run.get("result"));
    Map<String, Object> list = la.call(c, "list_analysis_runs", Map.of());
    assertThat((List<Map<String, Object>>) list.get("runs"))
        .extracting(r -> r.get("run_id"))
        .contains(id);
  }

  @Test
  void savedScript_runsByPath_andErrorsAreReported() {
    McpSyncClient c = la.client(la.key("sb2"));
    Map<String, Object> saved =
        la.call(
            c,
            "save_analysis_script",
            Map.of(
                "name", "fail", "code", "import sys\nprint('x', file=sys.stderr)\nsys.exit(3)\n"));
    assertThat(saved.get("script_path")).isEqualTo("scripts/fail.py");
    Map<String, Object> run =
        la.call(c, "execute_analysis_script", Map.of("script_path", "scripts/fail.py"));
    assertThat(run.get("status")).isEqualTo("error");
    assertThat(run.get("exit_code")).isEqualTo(3);
    assertThat(run.get("stderr")).isEqualTo("x\n");
    assertThat(run.get("script_path")).isEqualTo("scripts/fail.py");
  }

  @Test
  @SuppressWarnings("unchecked")
  void outputWithNul_isRecordedAndReturned_withEachNulShownAsU_FFFD() throws Exception {
    McpSyncClient c = la.client(la.key("sbnul"));
    String code =
        """
        import sys, json
        sys.stdout.write('a\\x00b')
        sys.stderr.write('e\\x00f')
        json.dump({'k': 'x\\x00y'}, open('out/result.json', 'w'))
        """;
    Map<String, Object> run = la.call(c, "execute_analysis_script", Map.of("code", code));
    assertThat(run.get("status")).as(run.toString()).isEqualTo("ok");
    assertThat(run.get("stdout")).isEqualTo("a\uFFFDb");
    assertThat(run.get("stderr")).isEqualTo("e\uFFFDf");
    assertThat(run.get("result")).isEqualTo(Map.of("k", "x\u0000y")); // JSON keeps it escaped
    String id = (String) run.get("run_id");
    Map<String, Object> stored = la.call(c, "get_analysis_run", Map.of("run_id", id));
    assertThat(stored.get("stdout")).isEqualTo("a\uFFFDb");
    assertThat(stored.get("result")).isEqualTo(run.get("result"));
    assertThat((List<Map<String, Object>>) la.call(c, "list_analysis_runs", Map.of()).get("runs"))
        .extracting(r -> r.get("run_id"))
        .containsExactly(id);
    // the raw bytes stay in the run's directory
    assertThat(
            Files.readAllBytes(la.dataDir().resolve("analytics/sbnul/runs/" + id + "/stdout.txt")))
        .containsExactly('a', 0, 'b');
  }

  @Test
  void nulInCodeOrPaths_isRefusedNamingTheArgument() {
    McpSyncClient c = la.client(la.key("sbnul2"));
    assertThat(la.error(c, "execute_analysis_script", Map.of("code", "print(1)\u0000")))
        .contains("code", "NUL");
    assertThat(la.error(c, "save_analysis_script", Map.of("name", "n", "code", "x\u0000")))
        .contains("code", "NUL");
    assertThat(la.error(c, "execute_analysis_script", Map.of("script_path", "scripts/a\u0000.py")))
        .contains("script_path", "NUL");
    assertThat(
            la.error(
                c,
                "execute_analysis_script",
                Map.of("code", "print(1)", "log_data_path", "logs/a\u0000.json")))
        .contains("log_data_path", "NUL");
  }

  @Test
  void runsOfOtherTenants_areNotFound() {
    McpSyncClient a = la.client(la.key("sb3a"));
    McpSyncClient b = la.client(la.key("sb3b"));
    String id =
        (String) la.call(a, "execute_analysis_script", Map.of("code", "print('a')")).get("run_id");
    assertThat(la.error(b, "get_analysis_run", Map.of("run_id", id))).contains("not found");
    assertThat(la.call(b, "list_analysis_runs", Map.of()).get("runs")).isEqualTo(List.of());
  }

  @Test
  void pathTraversal_refusedInEveryPathArgument() throws Exception {
    McpSyncClient c = la.client(la.key("sb4"));
    la.call(c, "save_analysis_script", Map.of("name", "ok.py", "code", "print(1)"));
    Path scripts = la.dataDir().resolve("analytics/sb4/scripts");
    Files.createSymbolicLink(scripts.resolve("link.py"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(scripts.resolve("dirlink"), Path.of("/etc"));
    List<String> bad =
        List.of(
            "../sb3a/scripts/x.py",
            "scripts/../../sb3a/x.py",
            "/etc/passwd",
            la.dataDir().resolve("analytics/sb4/scripts/ok.py").toString(),
            "scripts/link.py",
            "scripts/dirlink/passwd",
            "~root/.bashrc",
            "..");
    for (String path : bad) {
      assertThat(la.error(c, "execute_analysis_script", Map.of("script_path", path)))
          .as(path)
          .containsAnyOf("refused", "does not exist");
      assertThat(
              la.error(
                  c, "execute_analysis_script", Map.of("code", "print(1)", "log_data_path", path)))
          .as(path)
          .containsAnyOf("refused", "does not exist");
    }
    for (String name : List.of("../evil", "a/b", "/tmp/x", ".hidden", "..")) {
      assertThat(la.error(c, "save_analysis_script", Map.of("name", name, "code", "print(1)")))
          .as(name)
          .contains("refused");
    }
    assertThat(la.error(c, "save_analysis_script", Map.of("name", "x\u0000y", "code", "print(1)")))
        .contains("name", "NUL");
    assertThat(la.error(c, "get_analysis_run", Map.of("run_id", "../../etc/passwd")))
        .contains("not found");
    assertThat(Files.exists(la.dataDir().resolve("analytics/evil.py"))).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void eightConcurrentRuns_ofTwoTenants_allCompleteIsolated() throws Exception {
    String keyA = la.key("sb5a");
    String keyB = la.key("sb5b");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Map<String, Object>>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String tenant = i % 2 == 0 ? "sb5a" : "sb5b";
        McpSyncClient c = la.client(i % 2 == 0 ? keyA : keyB);
        int n = i;
        String code =
            """
            import json, os, time
            time.sleep(1)
            seen = sorted(os.listdir('/workspace/out'))
            json.dump({'tenant': '%s', 'n': %d, 'seen': seen}, open('out/result.json', 'w'))
            """
                .formatted(tenant, n);
        Callable<Map<String, Object>> call =
            () -> {
              Map<String, Object> r =
                  new HashMap<>(la.call(c, "execute_analysis_script", Map.of("code", code)));
              r.put("expect", tenant + ":" + n);
              return r;
            };
        futures.add(pool.submit(call));
      }
      for (Future<Map<String, Object>> f : futures) {
        Map<String, Object> r = f.get();
        assertThat(r.get("status")).as(r.toString()).isEqualTo("ok");
        Map<String, Object> result = (Map<String, Object>) r.get("result");
        assertThat(result.get("tenant") + ":" + result.get("n")).isEqualTo(r.get("expect"));
        assertThat((List<Object>) result.get("seen")).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat((List<Object>) la.call(la.client(keyA), "list_analysis_runs", Map.of()).get("runs"))
        .hasSize(4);
  }

  @Test
  void runIds_comeFromTheSecureIdGenerator() {
    McpSyncClient c = la.client(la.key("sb6"));
    String id =
        (String) la.call(c, "execute_analysis_script", Map.of("code", "print(1)")).get("run_id");
    // Ids.newId: 16 base62 characters from SecureRandom (all 16 being hex digits: p = 4e-10).
    assertThat(id).matches("run_[0-9A-Za-z]{16}").doesNotMatch("run_[0-9a-f]{16}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void dataDirUnderAHomeOfMode700_analysisRunsOverLogData() throws Exception {
    Path home = Files.createTempDirectory("opsmcp-home-");
    assertThat(Files.getPosixFilePermissions(home))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    try (LogAnalyticsFixture newcomer =
        LogAnalyticsFixture.startIn(home.resolve("src/opsmcp/data"), Map.of())) {
      assertThat(Http.get(newcomer.server.baseUrl() + "/health").body())
          .contains("\"analysis\":{\"status\":\"ok\"");
      String key = newcomer.key("sb7");
      newcomer.post(
          "/api/v1/logs",
          key,
          "application/json",
          ("{\"ts\":\""
                  + Instant.now().minusSeconds(5)
                  + "\",\"service\":\"api\","
                  + "\"level\":\"ERROR\",\"message\":\"boom\"}")
              .getBytes(StandardCharsets.UTF_8));
      McpSyncClient c = newcomer.client(key);
      String data =
          (String)
              newcomer
                  .call(c, "get_raw_logs", Map.of("timeframe", "5m", "export", true))
                  .get("log_data_path");
      Map<String, Object> run =
          newcomer.call(
              c,
              "execute_analysis_script",
              Map.of(
                  "code",
                  "import json\nrows = json.load(open('input.json'))\n"
                      + "json.dump({'n': len(rows)}, open('out/result.json', 'w'))\n",
                  "log_data_path",
                  data));
      assertThat(run.get("status")).as(run.toString()).isEqualTo("ok");
      assertThat((Map<String, Object>) run.get("result")).isEqualTo(Map.of("n", 1));
      assertThat(Files.getPosixFilePermissions(home))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } finally {
      new ProcessBuilder("rm", "-rf", "--", home.toString()).start().waitFor();
    }
  }
}
