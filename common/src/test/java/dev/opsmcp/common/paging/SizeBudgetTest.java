package dev.opsmcp.common.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeBudgetTest {
  @Test
  void fit_countsItemsUntilTheBudget_andAlwaysAtLeastOne() {
    List<String> items = Collections.nCopies(10, "x".repeat(98)); // 100 chars as JSON, +1
    assertThat(SizeBudget.fit(items, 10_000)).isEqualTo(10);
    assertThat(SizeBudget.fit(items, 505)).isEqualTo(5);
    assertThat(SizeBudget.fit(items, 10)).isEqualTo(1);
    assertThat(SizeBudget.fit(List.of(), 10)).isZero();
  }

  @Test
  void page_rereadsOnlyWhatFits_soTheCursorFollowsTheLastItemShown() throws Exception {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      rows.add(i + " " + "y".repeat(200));
    }
    List<Integer> reads = new ArrayList<>();
    SizeBudget.Fitted<String> f =
        SizeBudget.page(
            1_000,
            n -> {
              reads.add(n);
              return Page.of(rows.subList(0, Math.min(rows.size(), n + 1)), n, s -> "after " + s);
            });
    int shown = f.page().items().size();
    assertThat(shown).isBetween(1, SizeBudget.DEFAULT_CHARS / 200);
    assertThat(reads).containsExactly(1_000, shown);
    assertThat(f.page().truncated()).isTrue();
    assertThat(f.page().nextCursor()).isEqualTo("after " + rows.get(shown - 1));
    assertThat(f.note()).contains("next_cursor");

    SizeBudget.Fitted<String> small =
        SizeBudget.page(5, n -> Page.of(rows.subList(0, n + 1), n, s -> s));
    assertThat(small.page().items()).hasSize(5);
    assertThat(small.note()).isNull();
  }
}
