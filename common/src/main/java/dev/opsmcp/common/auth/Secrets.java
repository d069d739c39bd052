package dev.opsmcp.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Random tokens and their hashes. Thread-safe. */
final class Secrets {
  private Secrets() {}

  static String base62(int length) {
    return dev.opsmcp.common.db.Ids.base62(length);
  }

  // Cloning skips the provider lookup that getInstance does on every request.
  private static final MessageDigest SHA256 = sha256Digest();

  static String sha256(String value) {
    try {
      byte[] digest =
          ((MessageDigest) SHA256.clone()).digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
