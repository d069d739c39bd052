package dev.opsmcp.monitoring.rca;

import dev.opsmcp.common.incident.IncidentScope;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Clock;
import java.time.Duration;

/**
 * The window a monitoring analysis reads: the call's {@code window} or {@code start}/{@code end},
 * else the incident's span (from 30 minutes before it started), else the last 30 minutes by the
 * clock; never over 7 days, as each analysis also reads a baseline before it. Thread-safe.
 */
public final class AnalysisScope {
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  private final IncidentStore incidents;
  private final Clock clock;

  public AnalysisScope(IncidentStore incidents, Clock clock) {
    this.incidents = incidents;
    this.clock = clock;
  }

  /** The incident {@code incidentId} names (if any) and the window, checked. */
  public IncidentScope of(String tenant, String incidentId, String window, String start, String end)
      throws ToolFailure {
    IncidentScope scope =
        IncidentScope.of(
            incidents,
            tenant,
            incidentId,
            window,
            start,
            end,
            DEFAULT_WINDOW,
            DEFAULT_WINDOW,
            clock.instant());
    bounded(scope.window());
    return scope;
  }

  /** {@code window}, refused when it is over {@link #MAX_WINDOW}. */
  public static TimeWindow bounded(TimeWindow window) throws ToolFailure {
    if (window.length().compareTo(MAX_WINDOW) > 0) {
      throw new ToolFailure("window is over 7 days; ask about a shorter span, like 2h");
    }
    return window;
  }
}
