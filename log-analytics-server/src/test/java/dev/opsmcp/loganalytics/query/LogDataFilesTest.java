package dev.opsmcp.loganalytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.telemetry.StoredLog;
import dev.opsmcp.common.tool.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogDataFilesTest {
  @Test
  void line_isWhatJacksonWritesForTheRecord() {
    StoredLog full =
        new StoredLog(
            7,
            Instant.parse("2026-01-02T03:04:05.120Z"),
            "api \"x\"",
            17,
            "ERROR",
            "line\twith \\ \"quotes\" é \u0001 😀",
            "{\"k\":[1,2],\"s\":\"v\"}",
            "5b8efff798038103d269b633813fc60c",
            "eee19b7ec3c1b174");
    StoredLog bare =
        new StoredLog(
            8, Instant.parse("2026-01-02T03:04:05Z"), "api", 9, "INFO", "", null, null, null);
    for (StoredLog r : new StoredLog[] {full, bare}) {
      assertThat(LogDataFiles.line(",\n", r)).isEqualTo(",\n" + Json.write(LogDataFiles.record(r)));
    }
  }
}
