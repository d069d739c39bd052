package dev.opsmcp.orchestration.postmortem;

import java.time.OffsetDateTime;

/** One version of an incident's postmortem, as Markdown. */
public record Postmortem(
    long incidentId,
    String incidentRef,
    int version,
    String markdown,
    String createdBy,
    OffsetDateTime createdAt) {}
