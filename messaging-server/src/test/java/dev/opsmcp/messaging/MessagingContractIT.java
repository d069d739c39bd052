package dev.opsmcp.messaging;

import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.ServerContract;

/** The MCP contract on the messaging server's tools. */
class MessagingContractIT extends ServerContract {
  @Override
  protected ServerSpec spec() {
    return MessagingServer.SPEC;
  }
}
