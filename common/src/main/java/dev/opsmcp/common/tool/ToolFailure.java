package dev.opsmcp.common.tool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the caller can fix: a bad argument, an unknown id, a missing scope, a limit. The one
 * failure type of tools and REST routes: an {@code isError} result for a tool (the message is
 * written for the model and says what to send instead), and {@code {"error": {"code", "message",
 * …details}}} with the kind's HTTP status for a route.
 */
public final class ToolFailure extends Exception {
  /** What went wrong, as a stable machine code (REST maps it to a status). */
  public enum Kind {
    INVALID_ARGUMENT(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    EXPIRED(410),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    UNAVAILABLE(503);

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

  static final int MAX_MESSAGE_CHARS = 2_000;

  private final Kind kind;
  private final transient Map<String, Object> details;

  public ToolFailure(String message) {
    this(Kind.INVALID_ARGUMENT, message);
  }

  public ToolFailure(Kind kind, String message) {
    this(kind, message, Map.of());
  }

  /**
   * With {@code details}: extra fields of the error object a caller can act on (e.g. the first
   * answer when a second one conflicts). Keys are wire names; values are written as JSON.
   */
  public ToolFailure(Kind kind, String message, Map<String, Object> details) {
    super(bounded(message), null, false, false);
    this.kind = kind;
    this.details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * A refusal as the model or a person reads it, never longer than {@value #MAX_MESSAGE_CHARS}
   * characters: a failure that quotes a huge argument back is cut here, and says so, instead of
   * flooding the model's context.
   */
  static String bounded(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    int end = MAX_MESSAGE_CHARS;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--;
    }
    return message.substring(0, end) + "… (refusal cut from " + message.length() + " characters)";
  }

  public Kind kind() {
    return kind;
  }

  public Map<String, Object> details() {
    return details;
  }
}
