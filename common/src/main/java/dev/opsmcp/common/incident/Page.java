package dev.opsmcp.common.incident;

import java.util.List;

/** One page of a list: the items, whether more exist, and the cursor that fetches them. */
public record Page<T>(List<T> items, boolean truncated, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
