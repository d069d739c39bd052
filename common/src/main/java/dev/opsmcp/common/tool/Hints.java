package dev.opsmcp.common.tool;

/** The MCP tool annotations, set honestly per tool. */
public record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
  public static final Hints READ_ONLY = new Hints(true, false, true, false);

  /** A write that adds or changes state but destroys nothing. */
  public static final Hints WRITE = new Hints(false, false, false, false);
}
