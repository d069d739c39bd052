package dev.opsmcp.loganalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyLogWriterTest {
  @Test
  void row_escapesTextFormat_andWritesNullsAndMicroseconds() {
    StringBuilder sb = new StringBuilder();
    CopyLogWriter.row(
        sb,
        "acme",
        new LogEntry(
            "api",
            Instant.parse("2025-01-02T03:04:05.123456789Z"),
            17,
            "ERROR",
            "a\tb\nc\\d\re\0f",
            null,
            "abc",
            null));
    assertThat(sb.toString())
        .isEqualTo(
            "acme\tapi\t2025-01-02 03:04:05.123456+00\t17\tERROR\ta\\tb\\nc\\\\d\\ref\t\\N\tabc\t\\N\n");
  }
}
