package dev.opsmcp.common.ingest;

/** An ingest request answered with an HTTP status and a message for the sender; nothing stored. */
public final class IngestRefused extends Exception {
  private final int status;

  public IngestRefused(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
