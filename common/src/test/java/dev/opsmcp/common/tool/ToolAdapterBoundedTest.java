package dev.opsmcp.common.tool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolAdapterBoundedTest {
  @Test
  void aShortRefusal_isKeptAsItIs() {
    assertThat(ToolAdapter.bounded("status 'x' is not valid")).isEqualTo("status 'x' is not valid");
  }

  @Test
  void aRefusalQuotingAHugeArgument_isCut_andSaysSo() {
    String huge = "severity '" + "z".repeat(100_000) + "' is not valid";
    String bounded = ToolAdapter.bounded(huge);
    assertThat(bounded.length()).isLessThan(ToolAdapter.MAX_FAILURE_CHARS + 100);
    assertThat(bounded)
        .startsWith("severity 'zzz")
        .endsWith("(refusal cut from 100024 characters)");
  }
}
