package dev.opsmcp.common.conformance;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.TestServer;
import java.util.List;

/**
 * The test-only server the conformance suite runs against: our hosting code (Origin check, auth,
 * error cleaning, both transports) serving the suite's fixtures, on a free port over a fresh
 * database. A key minted for a test tenant is injected into every request. Close it after use.
 */
final class ConformanceServer implements AutoCloseable {
  static final String TENANT = "conformance";

  private final TestServer server;

  private ConformanceServer(TestServer server) {
    this.server = server;
  }

  static ConformanceServer start() throws Exception {
    BearerInjectionFilter bearer = new BearerInjectionFilter();
    ServerSpec spec =
        new ServerSpec(
            "conformance",
            "OPSMCP_CONFORMANCE_PORT",
            0,
            List.of(),
            ctx ->
                McpHost.builder(ctx)
                    .sdkCustomizer(new ConformanceFixtures())
                    .filter("/*", bearer)
                    .start());
    TestServer server = TestServer.start(spec);
    bearer.credential(server.newKey(TENANT, Scope.ADMIN));
    return new ConformanceServer(server);
  }

  /** The streamable HTTP endpoint, e.g. {@code http://127.0.0.1:41234/mcp}. */
  String mcpUrl() {
    return server.baseUrl() + "/mcp";
  }

  @Override
  public void close() {
    server.close();
  }
}
