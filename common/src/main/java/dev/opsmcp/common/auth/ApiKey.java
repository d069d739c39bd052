package dev.opsmcp.common.auth;

import java.time.OffsetDateTime;

/** A stored API key as listed to operators: never the key itself, only its prefix. */
public record ApiKey(
    String id,
    String tenantId,
    String name,
    String keyPrefix,
    String scopes,
    OffsetDateTime createdAt,
    OffsetDateTime lastUsedAt,
    OffsetDateTime revokedAt) {}
