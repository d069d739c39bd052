package dev.opsmcp.messaging.api;

/** A request the API refuses, with its HTTP status and stable code. */
final class ApiException extends Exception {
  final int status;
  final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}
