package dev.opsmcp.common.db;

/** The two databases OpsMCP runs on; their names are the Flyway vendor folder names. */
public enum DatabaseKind {
  H2("h2"),
  POSTGRESQL("postgresql");

  private final String folder;

  DatabaseKind(String folder) {
    this.folder = folder;
  }

  /** Name of the vendor-specific migration folder, {@code db/<module>/<folder>}. */
  public String folder() {
    return folder;
  }
}
