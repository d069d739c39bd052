package dev.opsmcp.orchestration.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.tool.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookFileTest {
  @TempDir Path dir;

  List<Runbook> read(String yaml) throws Exception {
    Path f = dir.resolve("r.yml");
    Files.writeString(f, yaml);
    return RunbookFile.read(f);
  }

  static final String HTTP =
      """
      runbooks:
        - name: r
          description: d
          risk: medium
          parameters:
            svc: {pattern: "[^/]{1,40}"}
            note: {pattern: ".{0,80}", default: "x"}
          http:
            url: "https://deploy.internal/restart/{{svc}}?why={{note}}"
            body: '{"svc": "{{svc}}", "note": "{{note}}"}'
      """;

  @Test
  void urlValuesAreEncodedSegments_bodyValuesAreJsonEscaped_approvalDefaultsFromRisk()
      throws Exception {
    Runbook r = read(HTTP).get(0);
    assertThat(r.requiresApproval()).isTrue();
    Map<String, String> v =
        Planner.values(r, Map.of("svc", "a b?c#d", "note", "say \"hi\", x\": 1, \"y"));
    Plan p = Planner.plan(r, v);
    assertThat(p.url())
        .isEqualTo(
            "https://deploy.internal/restart/a%20b%3Fc%23d?why=say%20%22hi%22%2C%20x%22%3A%201%2C%20%22y");
    assertThat(p.body())
        .isEqualTo("{\"svc\": \"a b?c#d\", \"note\": \"say \\\"hi\\\", x\\\": 1, \\\"y\"}");
  }

  @Test
  void commandValues_stayOneArgumentEach() throws Exception {
    Runbook r =
        read("""
                runbooks:
                  - name: c
                    description: d
                    risk: low
                    parameters: {arg: {pattern: ".{0,80}"}}
                    command: {argv: ["/usr/bin/printf", "%s", "--x={{arg}}"]}
                """)
            .get(0);
    assertThat(r.requiresApproval()).isFalse();
    Plan p = Planner.plan(r, Planner.values(r, Map.of("arg", "a b; rm -rf / $(id)")));
    assertThat(p.argv()).containsExactly("/usr/bin/printf", "%s", "--x=a b; rm -rf / $(id)");
  }

  @Test
  void operatorMistakes_areRefusedWithTheRunbookAndFieldNamed() {
    assertThatThrownBy(() -> read(HTTP.replace("https://deploy.internal/", "https://{{svc}}/")))
        .hasMessageContaining("runbook r: parameters may not choose the host");
    assertThatThrownBy(() -> read(HTTP.replace("{{note}}\"}", "{{nope}}\"}")))
        .hasMessageContaining("uses {{nope}}, which is not a declared parameter");
    assertThatThrownBy(
            () -> read(HTTP.replace("svc: {pattern: \"[^/]{1,40}\"}", "svc: {type: string}")))
        .hasMessageContaining("needs an enum or a pattern");
    assertThatThrownBy(() -> read(HTTP.replace("risk: medium", "risk: extreme")))
        .hasMessageContaining("risk must be low, medium or high");
    assertThatThrownBy(
            () ->
                read(
                    "runbooks:\n  - name: c\n    description: d\n    risk: low\n"
                        + "    command: {argv: [\"printf\", \"x\"]}\n"))
        .hasMessageContaining("argv[0] must be an absolute program path");
    assertThatThrownBy(() -> read(HTTP + HTTP.substring(HTTP.indexOf("  - name"))))
        .hasMessageContaining("defined twice");
  }

  @Test
  void badValues_areRefusedSayingWhatToSend() throws Exception {
    Runbook r = read(HTTP).get(0);
    assertThatThrownBy(() -> Planner.values(r, Map.of()))
        .isInstanceOf(ToolFailure.class)
        .hasMessageContaining("needs parameter 'svc'");
    assertThatThrownBy(() -> Planner.values(r, Map.of("svc", "a/b")))
        .hasMessageContaining("must match the pattern [^/]{1,40}");
    assertThatThrownBy(() -> Planner.values(r, Map.of("svc", 5)))
        .hasMessageContaining("must be a string");
  }
}
