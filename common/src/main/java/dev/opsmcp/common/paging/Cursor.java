package dev.opsmcp.common.paging;

import dev.opsmcp.common.tool.ToolFailure;

/**
 * Page cursors of one list, bound to one tenant and one set of filters: {@link #write} makes the
 * opaque token for a position, {@link #read} gives the position back only for a token this list
 * made with the same filters and key. Get one from {@link Cursors#bind}. Immutable.
 */
public final class Cursor<P> {
  private final Cursors cursors;
  private final String binding;
  private final Class<P> positionType;

  Cursor(Cursors cursors, String binding, Class<P> positionType) {
    this.cursors = cursors;
    this.binding = binding;
    this.positionType = positionType;
  }

  /** The token that resumes after {@code position}. */
  public String write(P position) {
    return cursors.sign(binding, position);
  }

  /**
   * The position in {@code token}, or null when the caller sent none (the first page). A token that
   * was altered, made for other filters, another list or tenant, or by another database is refused
   * with a message that says to start over without it.
   */
  public P read(String token) throws ToolFailure {
    if (token == null || token.isEmpty()) {
      return null;
    }
    return cursors.verify(binding, token, positionType);
  }
}
