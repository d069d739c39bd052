package dev.opsmcp.common.auth;

/** A key just created: the only moment its secret exists outside the caller's hands. */
public record NewApiKey(ApiKey key, String secret) {
  @Override
  public String toString() {
    return "NewApiKey[" + key + ", secret=***]";
  }
}
