package dev.opsmcp.common.conformance;

/** The pinned conformance suite or the Node 22 it needs could not be installed or started. */
final class SuiteUnavailableException extends Exception {
  SuiteUnavailableException(String message) {
    super(message);
  }

  SuiteUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
