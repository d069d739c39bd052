package dev.opsmcp.common.tool;

/**
 * Something the caller can fix: a bad argument, an unknown id, a missing scope, a limit. Becomes an
 * {@code isError} result for a tool (the message is written for the model and says what to send
 * instead) and an HTTP error with a stable code for a REST call.
 */
public final class ToolFailure extends Exception {
  /** What went wrong, as a stable machine code (REST maps it to a status). */
  public enum Kind {
    INVALID_ARGUMENT(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    EXPIRED(410);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Kind kind;

  public ToolFailure(String message) {
    this(Kind.INVALID_ARGUMENT, message);
  }

  public ToolFailure(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
