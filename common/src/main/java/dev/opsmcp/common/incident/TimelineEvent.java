package dev.opsmcp.common.incident;

import java.time.OffsetDateTime;

/**
 * One entry on an incident's timeline: what happened ({@code kind}, {@code text}), which server or
 * integration recorded it ({@code source}), who did it ({@code actor}), the id of the thing it is
 * about ({@code refId}: a run, an approval, an alert), and when. Immutable.
 */
public record TimelineEvent(
    long id,
    long incidentId,
    String kind,
    String text,
    String source,
    String actor,
    String refId,
    OffsetDateTime at) {}
