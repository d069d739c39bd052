package dev.opsmcp.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogStoreTest {
  @Test
  void likePatterns_escaped() {
    assertThat(LogStore.escapeLike("50%_a\\b")).isEqualTo("50\\%\\_a\\\\b");
  }
}
