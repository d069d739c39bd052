package dev.opsmcp.loganalytics.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.loganalytics.LogAnalyticsFixture;
import dev.opsmcp.loganalytics.UnprivilegedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jail when the server is not root: a server JVM running as uid 65534, its data directory in a
 * home of mode 0700. Its own uid has dozens of threads, which must not eat the runs' process limit.
 */
class NonRootJailIT {
  static UnprivilegedServer server;
  static McpSyncClient c;

  @BeforeAll
  static void start() throws Exception {
    server =
        UnprivilegedServer.start(
            Map.of("OPSMCP_ANALYSIS_MAX_PROCESSES", "16", "OPSMCP_ANALYSIS_MEMORY_MB", "512"));
    c = server.client();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static Map<String, Object> run(String code, int timeout) {
    Map<String, Object> args = new HashMap<>();
    args.put("code", code);
    args.put("timeout_seconds", timeout);
    return call("execute_analysis_script", args);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> call(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
    assertThat(r.isError())
        .as("%s failed: %s\n%s", tool, LogAnalyticsFixture.text(r), server.log())
        .isNotEqualTo(true);
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  void jailVerified_withTheDataDirInAHomeOfMode700() throws Exception {
    assertThat(Files.getPosixFilePermissions(server.home()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    var health = Http.get(server.baseUrl() + "/health");
    assertThat(health.body()).as(server.log()).contains("\"analysis\":{\"status\":\"ok\"");
    Map<String, Object> r = run("import os\nprint(os.getuid(), os.listdir('/workspace'))\n", 10);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("ok");
  }

  @Test
  void forkBomb_heldToMaxProcesses_whateverElseRunsAsTheServersUid() {
    Map<String, Object> r =
        run(
            """
            import os, time
            n = 0
            for i in range(200):
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(5)
                    os._exit(0)
                n += 1
            print('forked', n)
            """,
            30);
    String stdout = (String) r.get("stdout");
    assertThat(stdout).as(r.toString()).startsWith("forked ");
    int forked = Integer.parseInt(stdout.strip().substring("forked ".length()));
    // 16 processes: the script and 15 children. The server's own threads do not count.
    assertThat(forked).as(r.toString()).isBetween(8, 15);
  }

  @Test
  void outMadeUnreadable_stillCapped_andRecorded() {
    Map<String, Object> r =
        run(
            """
            import os, time
            os.chmod('out', 0o300)
            chunk = b'x' * (4 * 1024 * 1024)
            for i in range(25):
                with open('out/f%02d' % i, 'wb') as f:
                    f.write(chunk)
            time.sleep(60)
            """,
            20);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("limit_exceeded");
    assertThat((String) r.get("limit")).contains("out/");
  }

  @Test
  void memoryBomb_stoppedAtTheAddressSpaceLimit() {
    Map<String, Object> r =
        run("x = []\nwhile True:\n    x.append(bytearray(50 * 1024 * 1024))\n", 20);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("limit_exceeded");
    assertThat((String) r.get("limit")).contains("memory");
  }

  @Test
  @SuppressWarnings("unchecked")
  void readOnlyAndLockedDirectories_settledRecordedAndRetentionCleansThem() throws Exception {
    Map<String, Object> r =
        run(
            """
            import os
            os.makedirs('out/ro/deeper')
            open('out/ro/keep.txt', 'w').write('kept')
            open('out/ro/deeper/also.txt', 'w').write('kept too')
            os.symlink('/etc/passwd', 'out/ro/link')
            os.chmod('out/ro/deeper', 0o555)
            os.chmod('out/ro', 0o555)
            os.makedirs('out/locked')
            open('out/locked/inside.txt', 'w').write('x')
            os.chmod('out/locked/inside.txt', 0)
            os.chmod('out/locked', 0)
            open('out/result.json', 'w').write('{"ok": true}')
            os.chmod('out/result.json', 0)
            """,
            10);
    String id = (String) r.get("run_id");
    assertThat(r.get("status")).as(r.toString()).isIn("ok", "limit_exceeded");
    assertThat(r.get("result")).isEqualTo(Map.of("ok", true));
    assertThat((List<Map<String, Object>>) r.get("files"))
        .extracting(f -> (String) f.get("path"))
        .contains(
            "runs/" + id + "/out/ro/keep.txt",
            "runs/" + id + "/out/ro/deeper/also.txt",
            "runs/" + id + "/out/locked/inside.txt");
    assertThat((List<String>) r.get("rejected_files"))
        .anyMatch(s -> s.contains("ro/link") && s.contains("symbolic link"));
    assertThat(
            Files.exists(
                server.dataDir().resolve("analytics/np/runs/" + id + "/out/ro/link"),
                LinkOption.NOFOLLOW_LINKS))
        .isFalse();
    assertThat(call("get_analysis_run", Map.of("run_id", id)).get("run_id")).isEqualTo(id);

    // Retention, as the unprivileged server runs it: an entry it cannot delete (owned by root) is
    // reported and skipped; the script's read-only run and an old export are still removed.
    Path tenant = server.dataDir().resolve("analytics/np");
    Path planted = Files.createDirectory(tenant.resolve("logs/planted-by-root"));
    Files.writeString(planted.resolve("keep.json"), "[]", StandardCharsets.UTF_8);
    Path export = tenant.resolve("logs/logs-old.json");
    Files.writeString(export, "[]");
    Files.setAttribute(export, "unix:uid", UnprivilegedServer.UID, LinkOption.NOFOLLOW_LINKS);
    FileTime old = FileTime.from(Instant.now().minus(30, ChronoUnit.DAYS));
    for (Path p : List.of(planted, export, tenant.resolve("runs/" + id))) {
      Files.setLastModifiedTime(p, old);
    }
    String report = server.retention(Instant.now().minus(1, ChronoUnit.DAYS));
    assertThat(report).as(server.log()).startsWith("RETENTION {").contains("planted-by-root");
    assertThat(Files.exists(tenant.resolve("runs/" + id))).as(report).isFalse();
    assertThat(Files.exists(export)).as(report).isFalse();
    assertThat(Files.exists(planted.resolve("keep.json"))).isTrue();
  }
}
