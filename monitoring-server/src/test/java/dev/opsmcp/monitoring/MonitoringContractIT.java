package dev.opsmcp.monitoring;

import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.ServerContract;

/** The MCP contract on the monitoring server's tools, prompts and resources. */
class MonitoringContractIT extends ServerContract {
  @Override
  protected ServerSpec spec() {
    return MonitoringServer.SPEC;
  }
}
