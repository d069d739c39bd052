package dev.opsmcp.common.notify;

import dev.opsmcp.common.config.Env;
import java.time.Duration;

/**
 * How notification deliveries are bounded: each one end to end (connect, send, response), how many
 * run at once, and how many at once to one destination (webhook URL), so that a slow receiver holds
 * only its own share.
 */
public record DeliveryLimits(Duration timeout, int concurrency, int perDestination) {
  public static final DeliveryLimits DEFAULT = new DeliveryLimits(Duration.ofSeconds(10), 16, 2);

  public DeliveryLimits {
    if (timeout.isNegative() || timeout.isZero() || concurrency < 1 || perDestination < 1) {
      throw new IllegalArgumentException("delivery limits must be positive");
    }
  }

  public static DeliveryLimits fromEnv(Env env) {
    return new DeliveryLimits(
        env.seconds("OPSMCP_NOTIFY_TIMEOUT_SECONDS", DEFAULT.timeout()),
        env.integer("OPSMCP_NOTIFY_CONCURRENCY", DEFAULT.concurrency(), 1, 1000),
        env.integer("OPSMCP_NOTIFY_PER_DESTINATION", DEFAULT.perDestination(), 1, 100));
  }

  /**
   * How long a claim holds its rows. A delivery starts right after its claim and ends within {@link
   * #timeout}, so it finishes well inside its lease; another replica re-sends only a row whose
   * claimer died.
   */
  Duration lease() {
    return timeout.multipliedBy(3).plusSeconds(30);
  }
}
