package dev.opsmcp.common.conformance;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The checks of one scenario as the suite recorded them in its {@code checks.json}. */
record ScenarioResult(String name, int passed, int failed, int warnings, List<String> problems) {
  static ScenarioResult fromChecks(String name, JsonNode checks) {
    int passed = 0;
    int failed = 0;
    int warnings = 0;
    List<String> problems = new ArrayList<>();
    for (JsonNode check : checks) {
      String status = check.path("status").asString();
      switch (status) {
        case "SUCCESS" -> passed++;
        case "FAILURE" -> {
          failed++;
          problems.add("FAILURE " + describe(check));
        }
        case "WARNING" -> {
          warnings++;
          problems.add("WARNING " + describe(check));
        }
        default -> {} // INFO and SKIPPED record traffic and context, not verdicts
      }
    }
    return new ScenarioResult(name, passed, failed, warnings, List.copyOf(problems));
  }

  /** Passed: at least one check succeeded and none failed. */
  boolean ok() {
    return failed == 0 && passed > 0;
  }

  private static String describe(JsonNode check) {
    String message = check.path("errorMessage").asString("");
    return check.path("id").asString()
        + ": "
        + check.path("description").asString()
        + (message.isEmpty() ? "" : " — " + message);
  }
}
