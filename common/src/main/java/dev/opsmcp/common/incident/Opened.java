package dev.opsmcp.common.incident;

/** The result of opening an incident: the new one, or the open one with the same dedupe key. */
public record Opened(Incident incident, boolean deduplicated) {}
