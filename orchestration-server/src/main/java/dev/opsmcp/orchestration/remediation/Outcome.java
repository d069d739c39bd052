package dev.opsmcp.orchestration.remediation;

/**
 * How a run ended: {@code succeeded}, {@code failed} or {@code timed_out}; the exit status (process
 * exit code or HTTP status, null when there was none), the captured output (capped), and why it
 * failed when it did.
 */
record Outcome(String status, Integer exitStatus, String output, String error, long durationMs) {
  /** Output past this many bytes is cut, and the output says so. */
  static final int OUTPUT_CAP = 64 * 1024;
}
