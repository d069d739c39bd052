package dev.opsmcp.common.incident;

import java.util.List;

/** An incident before and after an update, and the timeline events the update recorded. */
public record Updated(Incident before, Incident after, List<TimelineEvent> events) {
  public Updated {
    events = List.copyOf(events);
  }
}
