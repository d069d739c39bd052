package dev.opsmcp.common.conformance;

import dev.opsmcp.common.tool.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the suite's server scenarios (active suite) against an MCP URL with the pinned Node, then
 * reads back the checks it saved for each scenario.
 */
final class ConformanceSuite {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern ANNOUNCED =
      Pattern.compile("Running \\S+ suite \\((\\d+) scenarios\\)");
  // The suite saves each scenario's checks under server-<scenario>-<ISO time with - for : and .>.
  private static final Pattern RESULT_DIR =
      Pattern.compile("server-(.+)-(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z)");

  private final ConformanceInstall install;

  ConformanceSuite(ConformanceInstall install) {
    this.install = install;
  }

  SuiteReport run(String mcpUrl, Path workDir) throws IOException, InterruptedException {
    // Absolute: the suite runs in the conformance/ folder.
    Path results = Files.createDirectories(workDir.toAbsolutePath().resolve("results"));
    Path log = workDir.toAbsolutePath().resolve("suite.log");
    List<String> command =
        List.of(
            install.node().toString(),
            install.cli().toString(),
            "server",
            "--url",
            mcpUrl,
            "--suite",
            "active",
            "--output-dir",
            results.toString());
    Subprocess.Result result =
        Subprocess.run(command, install.dir(), Map.of("NO_COLOR", "1"), log, TIMEOUT);
    Matcher announced = ANNOUNCED.matcher(result.output());
    return new SuiteReport(
        install.pinnedVersion(),
        result.exitCode(),
        announced.find() ? Integer.parseInt(announced.group(1)) : -1,
        scenarios(results),
        log);
  }

  /** The saved scenarios in the order they ran. */
  private static List<ScenarioResult> scenarios(Path results) throws IOException {
    List<String> dirs;
    try (Stream<Path> list = Files.list(results)) {
      dirs = list.map(p -> p.getFileName().toString()).toList();
    }
    List<ScenarioResult> scenarios = new ArrayList<>();
    for (String dir :
        dirs.stream().sorted(Comparator.comparing(ConformanceSuite::runTime)).toList()) {
      Matcher name = RESULT_DIR.matcher(dir);
      Path checks = results.resolve(dir).resolve("checks.json");
      if (name.matches() && Files.isRegularFile(checks)) {
        scenarios.add(
            ScenarioResult.fromChecks(name.group(1), Json.MAPPER.readTree(checks.toFile())));
      }
    }
    return scenarios;
  }

  private static String runTime(String dir) {
    Matcher m = RESULT_DIR.matcher(dir);
    return m.matches() ? m.group(2) : dir;
  }
}
