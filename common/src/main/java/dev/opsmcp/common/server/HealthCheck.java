package dev.opsmcp.common.server;

/**
 * One named check shown by {@code /health}. A failing database makes the server "down" (503); any
 * other failing check makes it "degraded" (still 200). Implementations must be fast and
 * thread-safe.
 */
public interface HealthCheck {
  enum Status {
    OK,
    DEGRADED,
    DOWN
  }

  record Result(Status status, String detail) {
    public static Result ok() {
      return new Result(Status.OK, null);
    }
  }

  String name();

  Result check();
}
