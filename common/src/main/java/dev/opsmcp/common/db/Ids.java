package dev.opsmcp.common.db;

import java.security.SecureRandom;

/** Opaque, unguessable ids with a type prefix ({@code q_…}, {@code ses_…}). Thread-safe. */
public final class Ids {
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String base62(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    }
    return new String(out);
  }

  public static String newId(String prefix) {
    return prefix + "_" + base62(16);
  }
}
