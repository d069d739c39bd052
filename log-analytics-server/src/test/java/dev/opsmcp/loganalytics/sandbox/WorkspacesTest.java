package dev.opsmcp.loganalytics.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.tool.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
