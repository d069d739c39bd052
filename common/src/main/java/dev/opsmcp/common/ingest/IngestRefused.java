package dev.opsmcp.common.ingest;

import dev.opsmcp.common.tool.ToolFailure;
import java.util.Arrays;

/** An ingest request answered with an HTTP status and a message for the sender; nothing stored. */
public final class IngestRefused extends Exception {
  private final ToolFailure.Kind kind;

  /** {@code status} is one a {@link ToolFailure.Kind} answers with (400, 401, 403, 413, …). */
  public IngestRefused(int status, String message) {
    super(message, null, false, false);
    this.kind =
        Arrays.stream(ToolFailure.Kind.values())
            .filter(k -> k.httpStatus() == status)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no error code for HTTP " + status));
  }

  public int status() {
    return kind.httpStatus();
  }

  /** The error code of the one REST error shape. */
  public ToolFailure.Kind kind() {
    return kind;
  }
}
