package dev.opsmcp.common.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWT bearer tokens against a JWKS: signature (RS256/384/512, ES256/384, EdDSA), {@code
 * iss}, {@code aud}, {@code exp}, and the tenant claim. Thread-safe; a remote JWKS is cached and
 * refreshed by nimbus.
 */
public final class JwtVerifier {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final JwtConfig config;

  public JwtVerifier(JwtConfig config, List<String> defaultAudiences) {
    this.config = config;
    JWKSource<SecurityContext> keys = keySource(config);
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(
                JWSAlgorithm.RS256,
                JWSAlgorithm.RS384,
                JWSAlgorithm.RS512,
                JWSAlgorithm.ES256,
                JWSAlgorithm.ES384,
                JWSAlgorithm.EdDSA,
                JWSAlgorithm.Ed25519),
            keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(config.audiences().isEmpty() ? defaultAudiences : config.audiences()),
            new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
            Set.of("exp", "aud", "iss", config.tenantClaim()),
            null));
  }

  private static JWKSource<SecurityContext> keySource(JwtConfig config) {
    try {
      if (config.jwksUrl().isPresent()) {
        return JWKSourceBuilder.<SecurityContext>create(URI.create(config.jwksUrl().get()).toURL())
            .retrying(true)
            .build();
      }
      return new ImmutableJWKSet<>(JWKSet.load(config.jwksFile().orElseThrow().toFile()));
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("OPSMCP_JWKS_URL is not a URL: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read OPSMCP_JWKS_FILE: " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new IllegalArgumentException("OPSMCP_JWKS_FILE is not a JWK set: " + e.getMessage(), e);
    }
  }

  /** The verified claims' caller, or a failure whose message is safe to show the client. */
  public Verified verify(String token) throws AuthFailure {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new AuthFailure("the bearer token is not a well-formed JWT");
    } catch (Exception e) {
      throw new AuthFailure("the bearer token was rejected: " + e.getMessage());
    }
    Object tenant = claims.getClaim(config.tenantClaim());
    if (!(tenant instanceof String name) || name.isBlank()) {
      throw new AuthFailure(
          "the token's '" + config.tenantClaim() + "' claim is not a tenant name");
    }
    // nimbus allows a minute of clock skew past exp; a token past its exp is refused here, as
    // open streams of it end then (Grants).
    Instant expires = claims.getExpirationTime().toInstant();
    if (!Instant.now().isBefore(expires)) {
      throw new AuthFailure("the bearer token expired at " + expires);
    }
    String subject = claims.getSubject() == null ? "jwt" : claims.getSubject();
    return new Verified(
        new Caller(
            name, "jwt:" + subject, Caller.CredentialKind.JWT, scopes(claims), person(claims)),
        expires);
  }

  /** Whom the token speaks for, as people read it: its {@code name}, else {@code email} claim. */
  private static String person(JWTClaimsSet claims) {
    for (String claim : new String[] {"name", "email"}) {
      if (claims.getClaim(claim) instanceof String value
          && !value.isBlank()
          && value.length() <= 200
          && dev.opsmcp.common.tool.StorableText.problem(value) == null) {
        return value.strip();
      }
    }
    return null;
  }

  private static Set<Scope> scopes(JWTClaimsSet claims) {
    Set<Scope> scopes = new HashSet<>();
    Object scope = claims.getClaim("scope");
    if (scope instanceof String s) {
      scopes.addAll(Scope.parseLenient(s));
    }
    Object scp = claims.getClaim("scp");
    if (scp instanceof String s) {
      scopes.addAll(Scope.parseLenient(s));
    } else if (scp instanceof List<?> list) {
      list.forEach(o -> scopes.addAll(Scope.parseLenient(String.valueOf(o))));
    }
    return scopes;
  }
}
