package dev.opsmcp.loganalytics;

import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.ServerContract;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The MCP contract on the log-analytics server's tools. */
class LogAnalyticsContractIT extends ServerContract {
  @Override
  protected ServerSpec spec() {
    return LogAnalyticsServer.SPEC;
  }

  @Override
  protected Map<String, String> env() {
    // Its own sandbox uid range, as LogAnalyticsFixture picks: test JVMs run side by side.
    int base = 300_000 + ThreadLocalRandom.current().nextInt(50_000) * 16;
    return Map.of("OPSMCP_ANALYSIS_UID_BASE", Integer.toString(base));
  }
}
