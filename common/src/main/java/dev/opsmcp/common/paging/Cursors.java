package dev.opsmcp.common.paging;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes and checks opaque keyset cursors: the position as base64url JSON plus an HMAC-SHA256 tag
 * over the position, the list's name, the tenant and the filters the page was read with. The key is
 * shared by every process on the database ({@link #forDatabase}), so any replica accepts a cursor
 * another made. Thread-safe.
 */
public final class Cursors {
  private static final String SECRET_NAME = "cursor-hmac";
  private static final int TAG_BYTES = 16;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** Filters canonically: the same filters give the same bytes, whatever the map order. */
  private static final JsonMapper CANONICAL =
      dev.opsmcp.common.tool.Json.MAPPER
          .rebuild()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  static final String REFUSAL =
      "cursor is not valid for this request: it was changed, or was made by a call with other"
          + " filters or by another server. Repeat the call without cursor to start from the first"
          + " page";

  /** Initialised with the key; each tag uses a clone (looking a Mac up costs more than the tag). */
  private final Mac keyed;

  public Cursors(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a cursor key needs at least 32 bytes");
    }
    try {
      this.keyed = Mac.getInstance("HmacSHA256");
      keyed.init(new SecretKeySpec(key.clone(), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** With the key stored in the database, created by whichever process needs it first. */
  public static Cursors forDatabase(Database db) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String secret =
        db.jdbi()
            .inTransaction(
                h -> {
                  h.createUpdate(
                          """
                          INSERT INTO server_secret (name, secret, created_at)
                          VALUES (:name, :secret, :now) ON CONFLICT DO NOTHING
                          """)
                      .bind("name", SECRET_NAME)
                      .bind("secret", B64.encodeToString(fresh))
                      .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                      .execute();
                  return h.createQuery("SELECT secret FROM server_secret WHERE name = :name")
                      .bind("name", SECRET_NAME)
                      .mapTo(String.class)
                      .one();
                });
    return new Cursors(B64D.decode(secret));
  }

  /**
   * Cursors of list {@code list} (e.g. {@code "sessions"}) for {@code tenant}, bound to {@code
   * filters}: a record or map of everything besides the position that shapes the result.
   */
  public <P> Cursor<P> bind(String tenant, String list, Object filters, Class<P> positionType) {
    String binding = "v1\n" + list + "\n" + tenant + "\n" + CANONICAL.writeValueAsString(filters);
    return new Cursor<>(this, binding, positionType);
  }

  String sign(String binding, Object position) {
    String payload = B64.encodeToString(CANONICAL.writeValueAsBytes(position));
    return payload + "." + B64.encodeToString(tag(binding, payload));
  }

  <P> P verify(String binding, String token, Class<P> positionType) throws ToolFailure {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.length() > 4096) {
      throw new ToolFailure(REFUSAL);
    }
    String payload = token.substring(0, dot);
    try {
      // Compared as text, not decoded: a token has exactly one accepted spelling.
      byte[] sent = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
      if (!MessageDigest.isEqual(sent, B64.encode(tag(binding, payload)))) {
        throw new ToolFailure(REFUSAL);
      }
      return CANONICAL.readValue(B64D.decode(payload), positionType);
    } catch (IllegalArgumentException | JacksonException e) {
      throw new ToolFailure(REFUSAL);
    }
  }

  private byte[] tag(String binding, String payload) {
    try {
      Mac mac = (Mac) keyed.clone();
      mac.update(binding.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)), TAG_BYTES);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }
}
