package dev.opsmcp.common.paging;

import dev.opsmcp.common.tool.ToolFailure;

/**
 * The default and maximum number of items a list returns. {@link #resolve} turns what a caller
 * asked for into a number in range, or a refusal that states the range.
 */
public record Limit(int defaultValue, int max) {
  public Limit {
    if (defaultValue < 1 || defaultValue > max) {
      throw new IllegalArgumentException("default " + defaultValue + " not in 1.." + max);
    }
  }

  /** The default when {@code requested} is null; refuses anything outside 1..max. */
  public int resolve(Integer requested) throws ToolFailure {
    if (requested == null) {
      return defaultValue;
    }
    if (requested < 1 || requested > max) {
      throw new ToolFailure(
          "limit must be from 1 to "
              + max
              + " (default "
              + defaultValue
              + "); you sent "
              + requested
              + ". For more, page with next_cursor");
    }
    return requested;
  }
}
