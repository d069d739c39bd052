package dev.opsmcp.dist;

/**
 * Lowers H2's connect retries before anything opens the embedded database. A start after kill -9
 * finds the dead process's {@code AUTO_SERVER} address in the database's lock file and H2, by
 * default, retries connecting to it 16 times with growing sleeps (about 1.3 s, measured by {@code
 * bench/startup.sh}) before it takes the lock over; a live server on the loopback accepts the first
 * attempt, so two are plenty. An operator's own {@code -Dh2.socketConnectRetry} wins.
 */
final class H2ConnectRetries {
  static final String PROPERTY = "h2.socketConnectRetry";
  static final String RETRIES = "2";

  private H2ConnectRetries() {}

  static void lower() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, RETRIES);
    }
  }
}
