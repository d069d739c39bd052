package dev.opsmcp.common.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** A throwaway identity provider: an RSA key, its JWKS file, and signed tokens. */
public final class Jwts {
  public static final String ISSUER = "https://idp.test.example";

  private final RSAKey key;
  private final Path jwksFile;

  public Jwts() {
    try {
      key = new RSAKeyGenerator(2048).keyID("test-key").generate();
      jwksFile = Files.createTempFile("jwks", ".json");
      Files.writeString(jwksFile, new JWKSet(key.toPublicJWK()).toString());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Server environment that trusts this provider. */
  public Map<String, String> serverEnv() {
    return Map.of("OPSMCP_JWKS_FILE", jwksFile.toString(), "OPSMCP_JWT_ISSUER", ISSUER);
  }

  public String token(
      String issuer, String audience, String tenant, String scope, Instant expires) {
    return token(issuer, audience, tenant, scope, expires, Map.of());
  }

  /** A token with {@code extra} claims too (e.g. {@code name}, {@code email}). */
  public String token(
      String issuer,
      String audience,
      String tenant,
      String scope,
      Instant expires,
      Map<String, ?> extra) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject("agent-1")
            .expirationTime(Date.from(expires))
            .claim("scope", scope);
    if (tenant != null) {
      claims.claim("tenant", tenant);
    }
    extra.forEach(claims::claim);
    return sign(claims.build(), key);
  }

  /** A token signed by a key the server does not know. */
  public static String signedByStranger(String audience) {
    try {
      RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
      return sign(
          new JWTClaimsSet.Builder()
              .issuer(ISSUER)
              .audience(audience)
              .claim("tenant", "acme")
              .expirationTime(Date.from(Instant.now().plusSeconds(300)))
              .build(),
          stranger);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(JWTClaimsSet claims, RSAKey key) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
