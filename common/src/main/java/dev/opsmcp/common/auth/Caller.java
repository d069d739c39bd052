package dev.opsmcp.common.auth;

import dev.opsmcp.common.tool.ToolFailure;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the tenant (only ever taken from the credential), the credential's id for audit
 * and rate limiting, and its scopes. Immutable.
 */
public record Caller(String tenant, String credentialId, CredentialKind kind, Set<Scope> scopes) {
  public enum CredentialKind {
    API_KEY,
    JWT
  }

  public Caller {
    scopes = Set.copyOf(scopes);
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
