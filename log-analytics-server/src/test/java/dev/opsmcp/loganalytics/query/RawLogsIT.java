package dev.opsmcp.loganalytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.loganalytics.LogAnalyticsFixture;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** get_raw_logs through the real MCP client: paging, totals, the data file, tenancy, incidents. */
class RawLogsIT {
  static LogAnalyticsFixture la;
  static Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

  @BeforeAll
  static void start() throws Exception {
    la = LogAnalyticsFixture.start(Map.of());
  }

  @AfterAll
  static void stop() {
    la.close();
  }

  static void ingest(
      String tenant, String service, String level, int count, Instant from, String msg) {
    String key = la.key(tenant, Scope.LOGS_WRITE);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines
          .append(
              Json.write(
                  Map.of(
                      "ts",
                      from.plusMillis(i * 10L).toString(),
                      "service",
                      service,
                      "level",
                      level,
                      "message",
                      msg + " " + i)))
          .append('\n');
    }
    var r =
        la.post(
            "/api/v1/logs",
            key,
            "application/json",
            lines.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  static Map<String, Object> window(Map<String, Object> extra) {
    return window(base, extra);
  }

  static Map<String, Object> window(Instant base, Map<String, Object> extra) {
    Map<String, Object> args = new HashMap<>(extra);
    args.put("start", base.minusSeconds(60).toString());
    args.put("end", base.plusSeconds(600).toString());
    return args;
  }

  @Test
  @SuppressWarnings("unchecked")
  void pagingToTheEnd_withCursors_andDataFileMatchesTotal() throws Exception {
    ingest("rl1", "orders", "ERROR", 250, base, "order failed");
    ingest("rl1", "orders", "INFO", 30, base, "order ok");
    ingest("rl1", "users", "ERROR", 40, base, "user failed");
    McpSyncClient c = la.client(la.key("rl1", Scope.LOGS_READ));
    Map<String, Object> args =
        window(Map.of("service_filter", "orders", "level", "warn", "limit", 100, "export", true));
    List<String> seen = new ArrayList<>();
    String dataPath = null;
    int pages = 0;
    String cursor = null;
    do {
      Map<String, Object> a = new HashMap<>(args);
      if (cursor != null) {
        a.put("cursor", cursor);
      }
      Map<String, Object> page = la.call(c, "get_raw_logs", a);
      pages++;
      assertThat(((Number) page.get("total")).longValue()).isEqualTo(250);
      if (dataPath == null) {
        dataPath = (String) page.get("log_data_path");
      } else {
        assertThat(page.get("log_data_path")).isEqualTo(dataPath);
      }
      for (Map<String, Object> e : (List<Map<String, Object>>) page.get("entries")) {
        assertThat(e.get("service")).isEqualTo("orders");
        assertThat(e.get("level")).isEqualTo("ERROR");
        seen.add((String) e.get("message"));
      }
      cursor = (String) page.get("next_cursor");
      assertThat(page.get("truncated")).isEqualTo(cursor != null);
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(250).doesNotHaveDuplicates();
    assertThat(seen.get(0)).isEqualTo("order failed 0");
    assertThat(seen.get(249)).isEqualTo("order failed 249");

    Path file = la.dataDir().resolve("analytics/rl1").resolve(dataPath);
    JsonNode data = Json.MAPPER.readTree(Files.readString(file));
    assertThat(data.size()).isEqualTo(250);
    Set<String> fromFile = new HashSet<>();
    data.forEach(n -> fromFile.add(n.get("message").asString()));
    assertThat(fromFile).isEqualTo(new HashSet<>(seen));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aLargePage_isCutBySize_andCursorsReturnEveryLineOnce() {
    ingest("rlsize", "orders", "ERROR", 1000, base, "x".repeat(300) + " long line");
    McpSyncClient c = la.client(la.key("rlsize", Scope.LOGS_READ));
    Map<String, Object> args = window(Map.of("limit", 1000));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> a = new HashMap<>(args);
      if (cursor != null) {
        a.put("cursor", cursor);
      }
      String text = LogAnalyticsFixture.text(la.raw(c, "get_raw_logs", a));
      assertThat(text.length()).isLessThan(32_000);
      Map<String, Object> page = Json.MAPPER.readValue(text, Map.class);
      pages++;
      for (Map<String, Object> e : (List<Map<String, Object>>) page.get("entries")) {
        seen.add((String) e.get("message"));
      }
      cursor = (String) page.get("next_cursor");
      assertThat(page.get("truncated")).isEqualTo(cursor != null);
      if (pages == 1) {
        assertThat(page.get("truncated")).isEqualTo(true);
        assertThat((String) page.get("note")).contains("next_cursor").contains("characters");
      }
    } while (cursor != null && pages < 500);
    assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
    assertThat(seen.get(0)).endsWith("long line 0");
    assertThat(seen.get(999)).endsWith("long line 999");
  }

  @Test
  @SuppressWarnings("unchecked")
  void tenantsSeeOnlyTheirOwnLogs_andDataFiles() {
    ingest("rl2a", "pay", "ERROR", 5, base, "a-secret");
    ingest("rl2b", "pay", "ERROR", 3, base, "b-only");
    McpSyncClient a = la.client(la.key("rl2a", Scope.LOGS_READ, Scope.ANALYSIS_RUN));
    McpSyncClient b = la.client(la.key("rl2b", Scope.LOGS_READ, Scope.ANALYSIS_RUN));
    Map<String, Object> pageA = la.call(a, "get_raw_logs", window(Map.of("export", true)));
    Map<String, Object> pageB = la.call(b, "get_raw_logs", window(Map.of()));
    assertThat(((Number) pageA.get("total")).longValue()).isEqualTo(5);
    assertThat(((Number) pageB.get("total")).longValue()).isEqualTo(3);
    assertThat(pageB.toString()).doesNotContain("a-secret");
    // A's handle, presented by B, names a file in B's own workspace: it does not exist there.
    String err =
        la.error(
            b,
            "execute_analysis_script",
            Map.of("code", "print(1)", "log_data_path", pageA.get("log_data_path")));
    assertThat(err).contains("does not exist in your workspace");
    List<Map<String, Object>> entries = (List<Map<String, Object>>) pageB.get("entries");
    assertThat(entries).allSatisfy(e -> assertThat((String) e.get("message")).startsWith("b-only"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void incidentId_resolvesServicesAndWindow_longLinesShortened() {
    Instant started = Instant.now().minus(10, ChronoUnit.MINUTES);
    ingest("rl3", "db", "ERROR", 3, started, "x".repeat(5_000));
    ingest("rl3", "web", "ERROR", 2, started, "web");
    ingest("rl3", "db", "ERROR", 2, started.minus(2, ChronoUnit.HOURS), "too old");
    Incident incident =
        new IncidentStore(la.server.db())
            .create(
                "rl3",
                "db down",
                Severity.SEV2,
                List.of("db"),
                OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
    McpSyncClient c = la.client(la.key("rl3", Scope.LOGS_READ));
    Map<String, Object> page = la.call(c, "get_raw_logs", Map.of("incident_id", incident.ref()));
    assertThat(((Number) page.get("total")).longValue()).isEqualTo(3);
    Map<String, Object> first = ((List<Map<String, Object>>) page.get("entries")).get(0);
    assertThat((String) first.get("message")).hasSizeLessThan(2_200).contains("[shortened");
    assertThat(first.get("shortened")).isEqualTo(true);

    McpSyncClient other = la.client(la.key("rl3x", Scope.LOGS_READ));
    assertThat(la.error(other, "get_raw_logs", Map.of("incident_id", incident.ref())))
        .contains("no incident " + incident.ref() + " in your tenant");
  }

  @Test
  void badArguments_areExplained() {
    McpSyncClient c = la.client(la.key("rl4", Scope.LOGS_READ));
    assertThat(la.error(c, "get_raw_logs", Map.of("timeframe", "yesterday"))).contains("15m");
    assertThat(la.error(c, "get_raw_logs", Map.of("start", "monday"))).contains("RFC 3339");
    assertThat(la.error(c, "get_raw_logs", Map.of("limit", 5000))).contains("1000");
    assertThat(la.error(c, "get_raw_logs", Map.of("level", "loud"))).contains("TRACE");
    assertThat(la.error(c, "get_raw_logs", Map.of("cursor", "garbage!"))).contains("cursor");
    Map<String, Object> ok =
        la.call(c, "get_raw_logs", Map.of("timeframe", "2h", "contains", "50%_"));
    assertThat(((Number) ok.get("total")).longValue()).isZero();
  }

  @Test
  void nulInTextFilters_isRefusedNamingTheArgument_onBothDatabases() {
    McpSyncClient c = la.client(la.key("rl8", Scope.LOGS_READ));
    assertThat(la.error(c, "get_raw_logs", Map.of("timeframe", "1h", "contains", "a\u0000b")))
        .contains("contains", "NUL");
    assertThat(
            la.error(c, "get_raw_logs", Map.of("timeframe", "1h", "service_filter", "api\u0000")))
        .contains("service_filter", "NUL");
  }

  @Test
  void aTamperedCursor_isRefusedAsNotValid_sayingHowToStartOver() {
    ingest("rl5", "api", "INFO", 5, base, "tamper");
    McpSyncClient c = la.client(la.key("rl5", Scope.LOGS_READ));
    Map<String, Object> args = window(Map.of("limit", 2));
    String cursor = (String) la.call(c, "get_raw_logs", args).get("next_cursor");
    // A signed cursor: base64url JSON, a dot, the tag. Any edit of the JSON breaks the tag.
    int dot = cursor.indexOf('.');
    JsonNode decoded =
        Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(cursor.substring(0, dot)));
    for (String field : decoded.propertyNames()) {
      for (boolean remove : new boolean[] {true, false}) {
        var tampered = (tools.jackson.databind.node.ObjectNode) decoded.deepCopy();
        if (remove) {
          tampered.remove(field);
        } else {
          tampered.putNull(field);
        }
        if (tampered.equals(decoded)) {
          continue; // already null: nothing was changed
        }
        String forged =
            java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Json.write(tampered).getBytes(StandardCharsets.UTF_8))
                + cursor.substring(dot);
        Map<String, Object> withCursor = new HashMap<>(args);
        withCursor.put("cursor", forged);
        assertThat(la.error(c, "get_raw_logs", withCursor))
            .as("%s %s", remove ? "without" : "null", field)
            .contains("cursor is not valid")
            .contains("without cursor");
      }
    }
  }

  @Test
  void whateverIngestAccepts_getRawLogsReturns() {
    String tenant = "rl6";
    String key = la.key(tenant, Scope.LOGS_WRITE);
    String ts = "\"2026-01-01T00:00:00Z\"";
    List<String> records =
        List.of(
            "{\"ts\":" + ts + ",\"service\":\"s\",\"level\":\"INFO\",\"message\":\"a\\ud800b\"}",
            "{\"ts\":"
                + ts
                + ",\"service\":\"s\",\"level\":\"INFO\",\"message\":\"m\","
                + "\"attributes\":{\"k\\udc00\":\"v\\ud800\"}}",
            "{\"ts\":" + ts + ",\"service\":\"s\",\"level\":\"\\ud800\",\"message\":\"m\"}",
            "{\"ts\":" + ts + ",\"service\":\"s\\ud800\",\"level\":\"INFO\",\"message\":\"m\"}",
            "{\"ts\":"
                + ts
                + ",\"service\":\"s\",\"level\":\"INFO\",\"message\":\"m\","
                + "\"attributes\":{\"a\":"
                + "[".repeat(450)
                + "]".repeat(450)
                + "}}",
            "{\"ts\":"
                + ts
                + ",\"service\":\"s\",\"level\":\"INFO\",\"message\":\"m\","
                + "\"attributes\":{\"n\":1e400,\"m\":"
                + "9".repeat(900)
                + "}}",
            "{\"ts\":" + ts + ",\"service\":\"s\",\"level\":\"INFO\",\"message\":\"a\\u0000b\"}",
            "{\"ts\":\"9999-12-31T23:59:59.999999999Z\",\"service\":\"s\",\"level\":\"INFO\","
                + "\"message\":\"late\"}",
            "{\"ts\":\"1970-01-01T00:00:00Z\",\"service\":\"s\",\"level\":\"INFO\","
                + "\"message\":\"early\"}",
            "{\"ts\":253402300799999,\"service\":\"s\",\"level\":\"INFO\",\"message\":\"max\"}");
    List<String> sent = new ArrayList<>();
    for (String record : records) {
      var r =
          la.post("/api/v1/logs", key, "application/json", record.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(record).isIn(200, 400);
      if (r.statusCode() == 200) {
        // Stored as sent, but for NUL, which neither database keeps alike: it is dropped.
        sent.add(Json.MAPPER.readTree(record).get("message").asString().replace("\0", ""));
      }
    }
    String otlp =
        "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
            + "\"value\":{\"stringValue\":\"o\"}}]},\"scopeLogs\":[{\"logRecords\":["
            + "{\"timeUnixNano\":\"1767225600000000000\",\"body\":{\"stringValue\":\"x\\ud800\"}},"
            + "{\"timeUnixNano\":\"1767225600000000000\",\"body\":{\"stringValue\":\"nan\"},"
            + "\"attributes\":[{\"key\":\"d\",\"value\":{\"doubleValue\":\"NaN\"}},"
            + "{\"key\":\"i\",\"value\":{\"doubleValue\":\"-Infinity\"}}]}]}]}]}";
    var r = la.post("/v1/logs", key, "application/json", otlp.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isIn(200, 400);
    long accepted = la.countLogs(tenant);
    assertThat(accepted).isPositive();

    McpSyncClient c = la.client(la.key(tenant, Scope.LOGS_READ));
    Map<String, Object> page =
        la.call(
            c,
            "get_raw_logs",
            Map.of(
                "start",
                "1970-01-01T00:00:00Z",
                "end",
                "+10000-01-01T00:00:00Z",
                "limit",
                1000,
                "export",
                true));
    assertThat(((Number) page.get("total")).longValue()).isEqualTo(accepted);
    assertThat((List<?>) page.get("entries")).hasSize((int) accepted);
    assertThat(((Number) page.get("log_data_entries")).longValue()).isEqualTo(accepted);
    assertThat(
            ((List<?>) page.get("entries"))
                .stream().map(e -> (String) ((Map<?, ?>) e).get("message")).toList())
        .as("what was stored comes back as it was sent")
        .containsAll(sent);
  }

  @Test
  void hugeArguments_areNotEchoedInFull() {
    McpSyncClient c = la.client(la.key("rl7", Scope.LOGS_READ));
    String huge = "z".repeat(1_000_000);
    for (String argument :
        new String[] {"level", "window", "timeframe", "start", "end", "cursor"}) {
      String error = la.error(c, "get_raw_logs", Map.of(argument, huge));
      assertThat(error.length()).as(argument).isLessThan(2_000);
      assertThat(error).as(argument).contains(argument.equals("end") ? "end" : argument);
    }
  }

  @Test
  void firstPage_writesNoFile_unlessTheExportIsAsked() throws Exception {
    ingest("rl9", "api", "ERROR", 20, base, "boom");
    McpSyncClient c = la.client(la.key("rl9", Scope.LOGS_READ));
    Map<String, Object> page = la.call(c, "get_raw_logs", window(Map.of("limit", 5)));
    assertThat(((Number) page.get("total")).longValue()).isEqualTo(20);
    assertThat(page.get("log_data_path")).isNull();
    Path logs = la.dataDir().resolve("analytics/rl9/logs");
    assertThat(Files.exists(logs) ? Files.list(logs).count() : 0).isZero();

    Map<String, Object> exported =
        la.call(c, "get_raw_logs", window(Map.of("limit", 5, "export", true)));
    String path = (String) exported.get("log_data_path");
    assertThat(path).startsWith("logs/");
    assertThat(((Number) exported.get("log_data_entries")).longValue()).isEqualTo(20);
    JsonNode data =
        Json.MAPPER.readTree(Files.readString(la.dataDir().resolve("analytics/rl9").resolve(path)));
    assertThat(data.size()).isEqualTo(20);
    // Later pages carry the same file and write nothing new.
    Map<String, Object> next =
        la.call(
            c, "get_raw_logs", window(Map.of("limit", 5, "cursor", exported.get("next_cursor"))));
    assertThat(next.get("log_data_path")).isEqualTo(path);
    try (var files = Files.list(logs)) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @Test
  void exportsOverTheTenantsWorkspaceCap_refusedWithHowToFreeSpace_thenAllowedAfterDelete()
      throws Exception {
    try (LogAnalyticsFixture capped =
        LogAnalyticsFixture.start(Map.of("OPSMCP_WORKSPACE_MAX_BYTES", "100000"))) {
      String key = capped.key("rl10", Scope.LOGS_READ, Scope.LOGS_WRITE, Scope.ANALYSIS_RUN);
      Instant from = Instant.now().minus(30, ChronoUnit.MINUTES);
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        lines
            .append(
                Json.write(
                    Map.of(
                        "ts",
                        from.plusMillis(i).toString(),
                        "service",
                        i % 10 == 0 ? "small" : "big",
                        "level",
                        "ERROR",
                        "message",
                        "request failed with a long explanation number " + i)))
            .append('\n');
      }
      assertThat(
              capped
                  .post(
                      "/api/v1/logs",
                      key,
                      "application/json",
                      lines.toString().getBytes(StandardCharsets.UTF_8))
                  .statusCode())
          .isEqualTo(200);
      McpSyncClient c = capped.client(key);
      Path logs = capped.dataDir().resolve("analytics/rl10/logs");

      // The whole match set (~200 KB) does not fit: refused, nothing left behind.
      String refused = capped.error(c, "get_raw_logs", window(from, Map.of("export", true)));
      assertThat(refused)
          .contains("OPSMCP_WORKSPACE_MAX_BYTES")
          .contains("100000")
          .contains("service_filter");
      assertThat(Files.exists(logs) ? Files.list(logs).count() : 0).isZero();

      // Small exports (~20 KB each) fit until the cap is reached; then the refusal names them.
      List<String> exported = new ArrayList<>();
      String full = null;
      for (int i = 0; i < 10 && full == null; i++) {
        McpSchema.CallToolResult r =
            capped.raw(
                c, "get_raw_logs", window(from, Map.of("export", true, "service_filter", "small")));
        if (Boolean.TRUE.equals(r.isError())) {
          full = LogAnalyticsFixture.text(r);
        } else {
          exported.add((String) ((Map<?, ?>) r.structuredContent()).get("log_data_path"));
        }
      }
      assertThat(full).as("an export refused once the workspace is full").isNotNull();
      assertThat(exported).hasSizeBetween(2, 6);
      assertThat(full).contains("delete_workspace_file");
      assertThat(exported).anyMatch(full::contains);

      // Freeing space lets the next export through.
      Map<String, Object> deleted =
          capped.call(c, "delete_workspace_file", Map.of("path", exported.get(0)));
      assertThat(((Number) deleted.get("bytes_freed")).longValue()).isPositive();
      assertThat(Files.exists(capped.dataDir().resolve("analytics/rl10").resolve(exported.get(0))))
          .isFalse();
      capped.call(
          c, "get_raw_logs", window(from, Map.of("export", true, "service_filter", "small")));
      assertThat(capped.error(c, "delete_workspace_file", Map.of("path", "../../agent-key.txt")))
          .contains("refused");
    }
  }
}
