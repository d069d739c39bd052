package dev.opsmcp.monitoring.catalog;

import java.time.OffsetDateTime;

/** A deploy, config change, flag flip, scaling or other change to a service. */
public record ChangeEvent(
    long id, String service, String kind, String version, String description, OffsetDateTime at) {}
