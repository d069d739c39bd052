package dev.opsmcp.common.db;

import org.h2.engine.SysProperties;

/**
 * Keeps the port of H2's {@code AUTO_SERVER} (through which the admin CLI reaches a database the
 * servers hold) on 127.0.0.1. H2 binds every interface unless the system property {@code
 * h2.bindAddress} is set, and reads it once, when its first connection loads its settings.
 */
final class LoopbackBinding {
  static final String ADDRESS = "127.0.0.1";
  private static final String PROPERTY = "h2.bindAddress";

  private LoopbackBinding() {}

  /** Sets the property unless set; refuses to go on if H2 has (or will use) anything else. */
  static synchronized void require() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, ADDRESS);
    }
    if (!ADDRESS.equals(SysProperties.BIND_ADDRESS)) {
      throw new IllegalStateException(
          "H2's server port would bind "
              + (SysProperties.BIND_ADDRESS == null
                  ? "every interface"
                  : SysProperties.BIND_ADDRESS)
              + ": "
              + PROPERTY
              + " must be "
              + ADDRESS
              + " (unset it, or pass -D"
              + PROPERTY
              + "="
              + ADDRESS
              + " if something in this JVM opened an H2 database before OpsMCP)");
    }
  }
}
