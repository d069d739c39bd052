package dev.opsmcp.messaging.wait;

/**
 * A second answer or decision: a conflict that carries the first one back to the caller, who learns
 * what was decided instead of overwriting it.
 */
public final class AlreadySettled extends RuntimeException {
  private final String kind;
  private final transient Object first;

  public AlreadySettled(String kind, String id, Object first) {
    super(
        kind + " " + id + " was already " + (kind.equals("question") ? "answered" : "decided"),
        null,
        false,
        false);
    this.kind = kind;
    this.first = first;
  }

  /** {@code question} or {@code approval}: the field the first outcome is returned under. */
  public String kind() {
    return kind;
  }

  public Object first() {
    return first;
  }
}
