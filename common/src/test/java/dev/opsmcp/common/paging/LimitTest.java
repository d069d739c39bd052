package dev.opsmcp.common.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.tool.ToolFailure;
import org.junit.jupiter.api.Test;

class LimitTest {
  private final Limit limit = new Limit(50, 500);

  @Test
  void noLimit_isTheDefault_andOneInRange_isKept() throws ToolFailure {
    assertThat(limit.resolve(null)).isEqualTo(50);
    assertThat(limit.resolve(1)).isEqualTo(1);
    assertThat(limit.resolve(500)).isEqualTo(500);
  }

  @Test
  void outOfRange_isRefusedWithTheAllowedRange() {
    for (int bad : new int[] {0, -1, 501}) {
      assertThatThrownBy(() -> limit.resolve(bad))
          .isInstanceOf(ToolFailure.class)
          .hasMessageContaining("from 1 to 500")
          .hasMessageContaining("default 50")
          .hasMessageContaining("you sent " + bad);
    }
  }
}
