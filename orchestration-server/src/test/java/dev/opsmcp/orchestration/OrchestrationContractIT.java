package dev.opsmcp.orchestration;

import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.ServerContract;

/** The MCP contract on the orchestration server's tools, prompts and resources. */
class OrchestrationContractIT extends ServerContract {
  @Override
  protected ServerSpec spec() {
    return OrchestrationServer.SPEC;
  }
}
