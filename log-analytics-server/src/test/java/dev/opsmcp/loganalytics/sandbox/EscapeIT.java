package dev.opsmcp.loganalytics.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.loganalytics.LogAnalyticsFixture;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile scripts submitted through execute_analysis_script. Each must be contained: it cannot
 * read, write, reach or kill anything outside its run, and its limits hold. Scripts print "LEAK"
 * when an attack succeeds.
 */
class EscapeIT {
  static LogAnalyticsFixture la;
  static McpSyncClient c;

  @BeforeAll
  static void start() throws Exception {
    la =
        LogAnalyticsFixture.start(
            Map.of(
                "OPSMCP_ANALYSIS_CONCURRENCY", "2",
                "OPSMCP_ANALYSIS_MEMORY_MB", "512",
                "OPSMCP_ANALYSIS_MAX_FILE_MB", "8",
                "OPSMCP_ANALYSIS_MAX_OUT_FILES", "50",
                "OPSMCP_ANALYSIS_MAX_OUTPUT_KB", "256"));
    c = la.client(la.key("victim-probe", Scope.ANALYSIS_RUN));
    // Another tenant's workspace with a secret in it.
    McpSyncClient other = la.client(la.key("other", Scope.ANALYSIS_RUN));
    la.call(
        other, "save_analysis_script", Map.of("name", "secret", "code", "TOKEN = 'other-secret'"));
    Files.writeString(la.dataDir().resolve("host-secret.txt"), "host-secret");
  }

  @AfterAll
  static void stop() {
    la.close();
  }

  @AfterEach
  void noSandboxProcessSurvives() throws Exception {
    assertThat(sandboxProcesses()).as("processes left running as a sandbox uid").isEmpty();
  }

  static List<String> sandboxProcesses() throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(
              p -> {
                try {
                  int uid = (Integer) Files.getAttribute(p, "unix:uid");
                  return uid >= la.uidBase && uid < la.uidBase + 16;
                } catch (IOException | RuntimeException e) {
                  return false;
                }
              })
          .map(Path::toString)
          .toList();
    }
  }

  static Map<String, Object> run(String code, int timeout) {
    Map<String, Object> args = new HashMap<>();
    args.put("code", code);
    args.put("timeout_seconds", timeout);
    return la.call(c, "execute_analysis_script", args);
  }

  static void assertNoLeak(Map<String, Object> run) {
    assertThat((String) run.get("stdout")).as(run.toString()).doesNotContain("LEAK");
  }

  @Test
  void readHostSecrets_otherTenant_procEnviron_denied() {
    String data = la.dataDir().toString();
    Map<String, Object> r =
        run(
            """
            paths = ['/etc/shadow', '/etc/passwd', '/root/.bashrc', '%1$s/host-secret.txt',
                     '%1$s/db/opsmcp.mv.db', '%1$s/db/credential', '%1$s/agent-key.txt',
                     '%1$s/analytics/other/scripts/secret.py', '../../other/scripts/secret.py',
                     '/proc/1/root/etc/shadow', '/sys/kernel/notes']
            for p in paths:
                try:
                    open(p, 'rb').read(1)
                    print('LEAK', p)
                except Exception as e:
                    print('denied', p, type(e).__name__)
            env = open('/proc/1/environ').read()
            print('environ', env.replace('\\0', ' '))
            if 'OPSMCP' in env or 'JAVA' in env or 'MAVEN' in env or 'DATABASE' in env:
                print('LEAK environ')
            cmd = open('/proc/1/cmdline').read()
            if 'bwrap' in cmd or '%1$s' in cmd:
                print('LEAK cmdline', cmd)
            import os
            if len([p for p in os.listdir('/proc') if p.isdigit()]) > 2:
                print('LEAK host pids visible')
            """
                .formatted(data),
            10);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("ok");
    assertNoLeak(r);
    assertThat((String) r.get("stdout")).contains("denied /etc/shadow").contains("environ");
  }

  @Test
  void writeOutsideOut_denied() throws Exception {
    Map<String, Object> r =
        run(
            """
            for p in ['/workspace/x', 'analysis.py', '/usr/x', '/etc/x', '/x', '%s/planted',
                      'input.json', '/proc/sys/kernel/hostname']:
                try:
                    open(p, 'w').write('x')
                    print('LEAK', p)
                except Exception as e:
                    print('denied', p, type(e).__name__)
            open('/tmp/private', 'w').write('ok')
            """
                .formatted(la.dataDir()),
            10);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("ok");
    assertNoLeak(r);
    assertThat(Files.exists(la.dataDir().resolve("planted"))).isFalse();
  }

  @Test
  void network_databasePortAndExternal_unreachable() {
    int serverPort = la.server.port();
    String pgHost = TestDatabases.kind().name();
    Map<String, Object> r =
        run(
            """
            import socket
            for host, port in [('127.0.0.1', 5432), ('127.0.0.1', %d), ('1.1.1.1', 53),
                               ('8.8.8.8', 443), ('::1', 5432)]:
                try:
                    s = socket.create_connection((host, port), timeout=2)
                    print('LEAK connected', host, port)
                except Exception as e:
                    print('blocked', host, port, type(e).__name__)
            try:
                socket.getaddrinfo('example.com', 80)
                print('LEAK dns')
            except Exception as e:
                print('blocked dns', type(e).__name__)
            print('%s')
            """
                .formatted(serverPort, pgHost),
            20);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("ok");
    assertNoLeak(r);
  }

  @Test
  void forkBomb_contained() {
    Map<String, Object> r =
        run(
            """
            import os
            n = 0
            while True:
                try:
                    if os.fork() == 0:
                        n = 0
                    else:
                        n += 1
                except OSError:
                    pass
            """,
            4);
    assertThat(r.get("status")).as(r.toString()).isIn("timeout", "limit_exceeded");
  }

  @Test
  void memoryBomb_contained() {
    Map<String, Object> r =
        run("x = []\nwhile True:\n    x.append(bytearray(50 * 1024 * 1024))\n", 20);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("limit_exceeded");
    assertThat((String) r.get("limit")).contains("memory");
  }

  @Test
  void cpuLoopIgnoringSignals_killedAtTimeout() {
    Map<String, Object> r =
        run(
            """
            import signal
            for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):
                signal.signal(s, signal.SIG_IGN)
            while True:
                pass
            """,
            3);
    assertThat(r.get("status")).isEqualTo("timeout");
    assertThat(((Number) r.get("duration_ms")).longValue()).isBetween(2_500L, 10_000L);
  }

  @Test
  void sleepForever_killedAtTimeout() {
    Map<String, Object> r = run("import time\nprint('start')\ntime.sleep(10**6)\n", 2);
    assertThat(r.get("status")).isEqualTo("timeout");
    assertThat(r.get("stdout")).isEqualTo("start\n");
  }

  @Test
  void gigabyteOfStdout_cutAndStopped() {
    Map<String, Object> r =
        run("import sys\nfor _ in range(16384):\n    sys.stdout.write('x' * 65536)\n", 60);
    assertThat(r.get("status")).isEqualTo("limit_exceeded");
    assertThat(r.get("stdout_truncated")).isEqualTo(true);
    assertThat(((String) r.get("stdout")).length()).isLessThan(9_000);
    assertThat(((Number) r.get("duration_ms")).longValue()).isLessThan(20_000L);
  }

  @Test
  void hugeFile_stoppedAtFileSizeLimit() throws Exception {
    Map<String, Object> r =
        run(
            """
            with open('out/big.bin', 'wb') as f:
                for _ in range(1024):
                    f.write(b'x' * 1024 * 1024)
            """,
            30);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("limit_exceeded");
    Path out = la.dataDir().resolve("analytics/victim-probe/runs/" + r.get("run_id") + "/out");
    long size = Files.exists(out.resolve("big.bin")) ? Files.size(out.resolve("big.bin")) : 0;
    assertThat(size).isLessThanOrEqualTo(8L * 1024 * 1024);
  }

  @Test
  @SuppressWarnings("unchecked")
  void thousandsOfFiles_capped() throws Exception {
    Map<String, Object> r =
        run(
            """
            for i in range(5000):
                open('out/f%05d' % i, 'w').write('x')
            """,
            30);
    assertThat((List<Object>) r.get("files")).hasSizeLessThanOrEqualTo(50);
    Path out = la.dataDir().resolve("analytics/victim-probe/runs/" + r.get("run_id") + "/out");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.count()).isLessThanOrEqualTo(50);
    }
    assertThat(r.get("status")).isIn("limit_exceeded", "ok");
    assertThat((List<Object>) r.get("rejected_files")).isNotEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void symlinkAndFifoInOut_notFollowed_andRemoved() throws Exception {
    Map<String, Object> r =
        run(
            """
            import os
            os.symlink('/etc/shadow', 'out/result.json')
            os.symlink('/', 'out/root')
            os.mkfifo('out/pipe')
            open('out/real.txt', 'w').write('fine')
            """,
            10);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("ok");
    assertThat(r.get("result")).isNull();
    List<Map<String, Object>> files = (List<Map<String, Object>>) r.get("files");
    assertThat(files)
        .extracting(f -> (String) f.get("path"))
        .singleElement()
        .asString()
        .endsWith("out/real.txt");
    assertThat((List<String>) r.get("rejected_files"))
        .anyMatch(s -> s.contains("result.json") && s.contains("symbolic link"))
        .anyMatch(s -> s.contains("pipe") && s.contains("special file"));
    Path out = la.dataDir().resolve("analytics/victim-probe/runs/" + r.get("run_id") + "/out");
    assertThat(Files.exists(out.resolve("result.json"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .isFalse();
    assertThat(Files.exists(out.resolve("pipe"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .isFalse();
  }

  @Test
  void killHostProcess_impossible() throws Exception {
    Process victim = new ProcessBuilder("sleep", "300").start();
    try {
      Map<String, Object> r =
          run(
              """
              import os, signal
              for pid in (%d, %d, -1):
                  try:
                      os.kill(pid, signal.SIGKILL)
                      print('sent', pid)
                  except Exception as e:
                      print('denied', pid, type(e).__name__)
              """
                  .formatted(victim.pid(), ProcessHandle.current().pid()),
              10);
      assertThat(victim.isAlive()).as(r.toString()).isTrue();
      assertThat(ProcessHandle.current().isAlive()).isTrue();
    } finally {
      victim.destroyForcibly();
    }
  }

  @Test
  void mountUnsharePtraceSetuid_allRefused() {
    Map<String, Object> r =
        run(
            """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.mount(b'none', b'/tmp', b'tmpfs', 0, None) == 0: print('LEAK mount')
            for flag in (0x10000000, 0x00020000, 0x40000000, 0x20000000, 0x04000000):
                if libc.unshare(flag) == 0: print('LEAK unshare', hex(flag))
            if libc.ptrace(16, 1, None, None) == 0: print('LEAK ptrace pid 1')
            if libc.ptrace(16, %d, None, None) == 0: print('LEAK ptrace host')
            try:
                os.setuid(0); print('LEAK setuid')
            except OSError: pass
            try:
                os.chroot('/tmp'); print('LEAK chroot')
            except OSError: pass
            print('done')
            """
                .formatted(ProcessHandle.current().pid()),
            10);
    assertThat(r.get("status")).as(r.toString()).isEqualTo("ok");
    assertNoLeak(r);
    assertThat(r.get("stdout")).isEqualTo("done\n");
  }
}
