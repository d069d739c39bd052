package dev.opsmcp.common.incident;

import java.time.OffsetDateTime;

/** Filters of an incident list; a null field does not filter. */
public record IncidentFilter(
    IncidentStatus status, String service, Severity severity, OffsetDateTime since) {}
