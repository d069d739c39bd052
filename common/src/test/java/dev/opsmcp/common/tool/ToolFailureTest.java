package dev.opsmcp.common.tool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolFailureTest {
  @Test
  void aShortRefusal_isKeptAsItIs() {
    assertThat(new ToolFailure("status 'x' is not valid").getMessage())
        .isEqualTo("status 'x' is not valid");
  }

  @Test
  void aRefusalQuotingAHugeArgument_isCut_andSaysSo() {
    String huge = "severity '" + "z".repeat(100_000) + "' is not valid";
    String message = new ToolFailure(ToolFailure.Kind.NOT_FOUND, huge).getMessage();
    assertThat(message.length()).isLessThan(ToolFailure.MAX_MESSAGE_CHARS + 100);
    assertThat(message)
        .startsWith("severity 'zzz")
        .endsWith("(refusal cut from 100024 characters)");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "x".repeat(ToolFailure.MAX_MESSAGE_CHARS - 1) + "😀" + "y".repeat(10);
    String message = new ToolFailure(text).getMessage();
    assertThat(message).startsWith("x".repeat(ToolFailure.MAX_MESSAGE_CHARS - 1) + "…");
  }
}
