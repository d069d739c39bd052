package dev.opsmcp.common.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: {@code webhook-id} (stable across retries, so receivers drop repeats),
 * {@code webhook-timestamp} (seconds) and {@code webhook-signature} = {@code v1,} + base64
 * HMAC-SHA256 of {@code id.timestamp.body} keyed with the secret's bytes ({@code whsec_} + base64).
 */
public final class WebhookSignature {
  public static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new random secret, {@code whsec_} + base64 of 24 bytes. */
  public static String newSecret() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** Checks a secret's form; returns it, or throws naming what is wrong. */
  public static String validSecret(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64");
    }
    try {
      if (Base64.getDecoder().decode(secret.substring(PREFIX.length())).length < 16) {
        throw new IllegalArgumentException("a webhook secret needs at least 16 bytes");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a webhook secret is whsec_ followed by base64: " + e.getMessage(), e);
    }
    return secret;
  }

  /** The three headers for one delivery attempt. */
  public static Map<String, String> headers(String secret, String id, long timestamp, String body) {
    return Map.of(
        "webhook-id",
        id,
        "webhook-timestamp",
        Long.toString(timestamp),
        "webhook-signature",
        "v1," + sign(secret, id, timestamp, body));
  }

  static String sign(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** The message id of an outbox row: the same for every attempt at that delivery. */
  static String messageId(long outboxId) {
    return "msg_" + outboxId;
  }
}
