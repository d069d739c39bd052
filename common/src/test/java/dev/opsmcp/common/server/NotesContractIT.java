package dev.opsmcp.common.server;

import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.ServerContract;

/** The MCP contract on the test server (its tools, prompt and resource template). */
class NotesContractIT extends ServerContract {
  @Override
  protected ServerSpec spec() {
    return NotesServer.SPEC;
  }
}
