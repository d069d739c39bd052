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

  public ToolFailure toFailure() {
    return new ToolFailure(ToolFailure.Kind.UNAVAILABLE, getMessage());
  }
}
