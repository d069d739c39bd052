package dev.opsmcp.loganalytics.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opsmcp.common.tool.ToolFailure;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacesTest {
  @TempDir Path root;

  @Test
  void handles_resolveInsideTheTenantsWorkspace() throws Exception {
    Workspaces w = new Workspaces(root);
    Path p = w.resolve("acme", "script_path", "scripts/a.py");
    assertThat(p).isEqualTo(root.resolve("acme/scripts/a.py"));
    assertThat(w.handle("acme", p)).isEqualTo("scripts/a.py");
    assertThat(w.resolve("acme", "x", "scripts/./a.py")).isEqualTo(p);
  }

  @Test
  void escapes_refused() throws Exception {
    Workspaces w = new Workspaces(root);
    w.tenantDir("other");
    Files.createSymbolicLink(w.tenantDir("acme").resolve("logs/l"), Path.of("/etc"));
    for (String bad :
        new String[] {
          "../other/scripts/x",
          "scripts/../../other/x",
          "/etc/passwd",
          "~/x",
          "logs/l/passwd",
          "..",
          "scripts/..",
          "a\0b",
          ""
        }) {
      assertThatThrownBy(() -> w.resolve("acme", "script_path", bad))
          .as(bad)
          .isInstanceOf(ToolFailure.class);
    }
  }

  @Test
  void existingFile_mustBeARegularFile() throws Exception {
    Workspaces w = new Workspaces(root);
    Files.writeString(w.tenantDir("acme").resolve("scripts/a.py"), "print(1)");
    assertThat(w.existingFile("acme", "script_path", "scripts/a.py")).exists();
    assertThatThrownBy(() -> w.existingFile("acme", "script_path", "scripts"))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> w.existingFile("acme", "script_path", "scripts/b.py"))
        .hasMessageContaining("does not exist");
  }

  @Test
  void deleteOlderThan_goesOnPastWhatItCannotDelete_andReportsIt() throws Exception {
    Workspaces w = new Workspaces(root);
    FileTime old = FileTime.from(Instant.now().minus(30, ChronoUnit.DAYS));
    List<Path> deletable = new ArrayList<>();
    Path stuck = null;
    for (String tenant : List.of("a", "b", "c")) {
      Path dir = w.tenantDir(tenant);
      Path export = Files.writeString(dir.resolve("logs/logs-old-" + tenant + ".json"), "[]");
      Path run = Files.createDirectories(dir.resolve("runs/run_" + tenant + "/out/sub"));
      Files.writeString(run.resolve("f.txt"), "x");
      Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("r-x------"));
      Path runDir = dir.resolve("runs/run_" + tenant);
      for (Path p : List.of(export, runDir)) {
        Files.setLastModifiedTime(p, old);
        deletable.add(p);
      }
      // Every tenant's logs/ holds an entry nothing can delete (immutable), listed before runs/.
      Path immutable = Files.writeString(dir.resolve("logs/stuck-" + tenant + ".json"), "[]");
      Files.setLastModifiedTime(immutable, old);
      assumeTrue(
          new ProcessBuilder("chattr", "+i", immutable.toString()).start().waitFor() == 0,
          "needs root and a filesystem with the immutable attribute");
      stuck = immutable;
    }
    try {
      var report = w.deleteOlderThan(Instant.now().minus(1, ChronoUnit.DAYS));
      assertThat(String.valueOf(report)).contains("stuck-a.json", "stuck-b.json", "stuck-c.json");
      for (Path p : deletable) {
        assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as(p.toString()).isFalse();
      }
      assertThat(stuck).exists();
    } finally {
      for (String tenant : List.of("a", "b", "c")) {
        new ProcessBuilder(
                "chattr", "-i", root.resolve(tenant + "/logs/stuck-" + tenant + ".json").toString())
            .start()
            .waitFor();
      }
    }
  }
}
