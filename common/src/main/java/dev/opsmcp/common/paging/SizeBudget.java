package dev.opsmcp.common.paging;

import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;

/**
 * Keeps one page of a list small enough for a model's context: {@link #fit} says how many items,
 * from the start, fit in a character budget once serialised as JSON. A list page is capped by count
 * ({@link Limit}) and by this budget; when the budget cuts it, the page is {@code truncated} and
 * its next cursor continues after the last item shown.
 */
public final class SizeBudget {
  /** Characters of items per page: with the rest of a result, well under 8,000 tokens. */
  public static final int DEFAULT_CHARS = 24_000;

  private SizeBudget() {}

  /**
   * How many of {@code items}, from the first, fit in {@code chars} characters of JSON (each item
   * plus a separator); at least one when there is any, so a page always moves forward.
   */
  public static int fit(List<?> items, int chars) {
    long used = 0;
    for (int i = 0; i < items.size(); i++) {
      used += Json.MAPPER.writeValueAsString(items.get(i)).length() + 1;
      if (used > chars) {
        return Math.max(1, i);
      }
    }
    return items.size();
  }

  /** Reads the page of at most {@code limit} items (a keyset query: the same first items). */
  @FunctionalInterface
  public interface Reader<T> {
    Page<T> read(int limit) throws ToolFailure;
  }

  /** A page within the budget; {@code note} says why it is short, or is null when it is not. */
  public record Fitted<T>(Page<T> page, String note) {}

  /**
   * The page {@code read} gives for {@code limit}; when its items pass {@link #DEFAULT_CHARS}, read
   * again for only the items that fit, so that {@code truncated} and the next cursor continue right
   * after the last item shown.
   */
  public static <T> Fitted<T> page(int limit, Reader<T> read) throws ToolFailure {
    Page<T> page = read.read(limit);
    int fit = fit(page.items(), DEFAULT_CHARS);
    if (fit >= page.items().size()) {
      return new Fitted<>(page, null);
    }
    Page<T> cut = read.read(fit);
    return new Fitted<>(cut, note(cut.items().size(), limit));
  }

  /** What a result says when the budget cut its page: why, and how to get the rest. */
  public static String note(int shown, int asked) {
    return "page cut to "
        + shown
        + " of the "
        + asked
        + " items asked for, to keep the result under about "
        + DEFAULT_CHARS
        + " characters; pass next_cursor to get the rest";
  }
}
