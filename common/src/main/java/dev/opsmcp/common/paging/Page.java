package dev.opsmcp.common.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: its {@code items}, whether more exist ({@code truncated}), and the {@code
 * next_cursor} that fetches them (null on the last page). The one page shape of every list tool and
 * route.
 */
public record Page<T>(List<T> items, boolean truncated, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  /**
   * The page of {@code fetched}, which a query read with {@code LIMIT limit + 1}: the extra row
   * only says that more exist. {@code cursorOf} makes the next cursor from the last item shown.
   */
  public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, false, null);
    }
    List<T> shown = fetched.subList(0, limit);
    return new Page<>(shown, true, limit == 0 ? null : cursorOf.apply(shown.get(limit - 1)));
  }

  /** The same page with each item converted (e.g. a row to what the caller sees). */
  public <U> Page<U> map(Function<T, U> convert) {
    return new Page<>(items.stream().map(convert).toList(), truncated, nextCursor);
  }
}
