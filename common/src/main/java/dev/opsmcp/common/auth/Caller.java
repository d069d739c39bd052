package dev.opsmcp.common.auth;

import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the tenant (only ever taken from the credential), the credential's id for audit
 * and rate limiting, its scopes, and the name of the person or agent it speaks for (an API key's
 * label, a JWT's {@code name} or {@code email} claim; the credential id when it has none), which is
 * what a human's answer or decision is signed with. Immutable.
 */
public record Caller(
    String tenant, String credentialId, CredentialKind kind, Set<Scope> scopes, String name) {
  public enum CredentialKind {
    API_KEY,
    JWT
  }

  public Caller {
    scopes = Set.copyOf(scopes);
    if (name == null || name.isBlank()) {
      name = credentialId;
    }
  }

  /** A caller named by its credential id. */
  public Caller(String tenant, String credentialId, CredentialKind kind, Set<Scope> scopes) {
    this(tenant, credentialId, kind, scopes, null);
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
  }

  /** Throws a model-readable failure when the credential lacks {@code scope}. */
  public void require(Scope scope) throws ToolFailure {
    if (!has(scope)) {
      throw new ToolFailure(
          ToolFailure.Kind.FORBIDDEN,
          "this credential lacks the scope "
              + scope.wire()
              + "; ask an operator for a key with it (scripts/opsmcp key create --scopes "
              + scope.wire()
              + ")");
    }
  }

  /**
   * Throws a model-readable failure unless the credential holds one of {@code scopes}; an empty set
   * asks for nothing beyond access to the server.
   */
  public void requireAny(Set<Scope> scopes) throws ToolFailure {
    if (scopes.isEmpty() || scopes.stream().anyMatch(this::has)) {
      return;
    }
    if (scopes.size() == 1) {
      require(scopes.iterator().next());
    }
    String names = scopes.stream().map(Scope::wire).sorted().collect(Collectors.joining(", "));
    throw new ToolFailure(
        ToolFailure.Kind.FORBIDDEN,
        "this credential needs one of the scopes "
            + names
            + "; ask an operator for a key with one of them (scripts/opsmcp key create --scopes …)");
  }
}
