package dev.opsmcp.common.conformance;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of the suite: its exit code, how many scenarios it announced, each scenario's result, and
 * where its full output is.
 */
record SuiteReport(
    String suiteVersion, int exitCode, int announced, List<ScenarioResult> scenarios, Path log) {

  List<ScenarioResult> failedScenarios() {
    return scenarios.stream().filter(s -> !s.ok()).toList();
  }

  /** One line per scenario, the problems under it, then totals. */
  String summary() {
    StringBuilder out = new StringBuilder();
    out.append("MCP conformance suite ")
        .append(suiteVersion)
        .append(", server scenarios, active suite (full output: ")
        .append(log)
        .append(")\n");
    int checks = 0;
    for (ScenarioResult s : scenarios) {
      checks += s.passed();
      out.append(s.ok() ? "  ✓ " : "  ✗ ")
          .append(s.name())
          .append(": ")
          .append(s.passed())
          .append(" passed, ")
          .append(s.failed())
          .append(" failed, ")
          .append(s.warnings())
          .append(" warnings\n");
      s.problems().forEach(p -> out.append("      ").append(p).append('\n'));
    }
    int ok = scenarios.size() - failedScenarios().size();
    out.append("Scenarios: ")
        .append(ok)
        .append('/')
        .append(scenarios.size())
        .append(" passed (")
        .append(announced)
        .append(" announced); checks passed: ")
        .append(checks)
        .append("; exit code ")
        .append(exitCode);
    return out.toString();
  }
}
