package dev.opsmcp.common.auth;

/**
 * A credential was missing or rejected. The message is written for the client and holds no secret.
 */
public final class AuthFailure extends Exception {
  public AuthFailure(String message) {
    super(message, null, false, false);
  }
}
