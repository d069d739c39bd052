package dev.opsmcp.common.conformance;

/** The smallest valid media the fixtures return, base64-encoded. */
final class FixtureMedia {
  /** A 1×1 red pixel. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

  /** One millisecond of 8 kHz, 8-bit mono silence. */
  static final String WAV =
      "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

  private FixtureMedia() {}
}
