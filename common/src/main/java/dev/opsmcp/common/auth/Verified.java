package dev.opsmcp.common.auth;

import java.time.Instant;

/**
 * A credential that passed verification: who it stands for, and when it stops being valid on its
 * own ({@code null} for an API key, which is valid until revoked).
 */
public record Verified(Caller caller, Instant expiresAt) {}
