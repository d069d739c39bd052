package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.tool.ToolFailure;

/**
 * A {@link MetricSource} could not answer (an external Prometheus unreachable, refusing the
 * credentials, or failing the query). Tools turn it into a {@link ToolFailure} of kind {@code
 * UNAVAILABLE} with this message.
 */
public final class MetricSourceUnavailable extends RuntimeException {
  public MetricSourceUnavailable(String message) {
    super(message);
  }

  /** A read of metrics that may fail with a caller-fixable error. */
  @FunctionalInterface
  public interface Read<T> {
    T get() throws ToolFailure;
  }

  /** {@code read}'s value; an unavailable metric source becomes an {@code unavailable} failure. */
  public static <T> T reported(Read<T> read) throws ToolFailure {
    try {
      return read.get();
    } catch (MetricSourceUnavailable e) {
      throw e.toFailure();
    }
  }

  public ToolFailure toFailure() {
    return new ToolFailure(ToolFailure.Kind.UNAVAILABLE, getMessage());
  }
}
