package dev.opsmcp.common.signal;

import java.time.OffsetDateTime;

/**
 * A request that waits for one human outcome (a question's answer, an approval's decision): {@code
 * pending} until settled once, or until it expires. Implemented by the row records.
 */
public interface Settleable {
  String id();

  String status();

  OffsetDateTime createdAt();

  OffsetDateTime expiresAt();

  default boolean pending() {
    return "pending".equals(status());
  }
}
