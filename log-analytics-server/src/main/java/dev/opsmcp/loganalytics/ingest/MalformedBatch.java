package dev.opsmcp.loganalytics.ingest;

/** A request body that cannot be read as a batch; nothing of it is stored. */
final class MalformedBatch extends Exception {
  MalformedBatch(String message) {
    super(message, null, false, false);
  }
}
