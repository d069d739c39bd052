package dev.opsmcp.common.paging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.tool.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {
  @Test
  void anExtraRow_meansTruncated_withTheCursorOfTheLastItemShown() {
    Page<Integer> page = Page.of(List.of(1, 2, 3, 4), 3, i -> "after-" + i);
    assertThat(page.items()).containsExactly(1, 2, 3);
    assertThat(page.truncated()).isTrue();
    assertThat(page.nextCursor()).isEqualTo("after-3");
  }

  @Test
  void noExtraRow_isTheLastPage() {
    Page<Integer> page = Page.of(List.of(1, 2), 3, i -> "after-" + i);
    assertThat(page.items()).containsExactly(1, 2);
    assertThat(page.truncated()).isFalse();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void onTheWire_itIsItemsTruncatedAndNextCursor() {
    String json = Json.write(Page.of(List.of("a", "b"), 1, s -> "c1").map(String::toUpperCase));
    assertThat(json).isEqualTo("{\"items\":[\"A\"],\"truncated\":true,\"next_cursor\":\"c1\"}");
  }
}
