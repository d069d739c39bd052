package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.telemetry.Telemetry;
import dev.opsmcp.common.tool.ToolAdapter;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's servlet transports, configured alike: the authenticated caller and its grant copied
 * into the transport context, keep-alives, idle-session sweeping and the body cap. {@code /mcp} is
 * streamable HTTP with sessions, or with {@code OPSMCP_MCP_STATELESS=true} the SDK's stateless
 * transport (no session, every POST answered with JSON alone); {@code /sse} is legacy SSE.
 */
// The SSE transport is deprecated upstream; agents configured with type "sse" still need it.
@SuppressWarnings("deprecation")
final class McpTransports {
  private static final Logger LOG = LoggerFactory.getLogger(McpTransports.class);

  private static final McpTransportContextExtractor<HttpServletRequest> CALLER =
      req ->
          req.getAttribute(AuthFilter.CALLER) instanceof Caller c
                  && req.getAttribute(AuthFilter.GRANT) instanceof Grant g
              ? McpTransportContext.create(
                  Map.of(ToolAdapter.CALLER_KEY, c, ToolAdapter.GRANT_KEY, g))
              : McpTransportContext.EMPTY;

  private final HttpServletStreamableServerTransportProvider streamable;
  private final HttpServletStatelessServerTransport stateless;
  private final HttpServletSseServerTransportProvider sse;

  McpTransports(ServerConfig config) {
    if (config.statelessHttp()) {
      this.streamable = null;
      this.stateless =
          HttpServletStatelessServerTransport.builder()
              .messageEndpoint("/mcp")
              .contextExtractor(CALLER)
              .maxRequestSize(config.maxRequestBytes())
              .build();
    } else {
      this.stateless = null;
      this.streamable =
          HttpServletStreamableServerTransportProvider.builder()
              .mcpEndpoint("/mcp")
              .contextExtractor(CALLER)
              .keepAliveInterval(config.keepAlive())
              .sessionSweepInterval(config.sessionIdle())
              .maxRequestSize(config.maxRequestBytes())
              .build();
    }
    this.sse =
        HttpServletSseServerTransportProvider.builder()
            .sseEndpoint("/sse")
            // Behind a balancer, the endpoint event names this replica's path (/r1/message).
            .baseUrl(config.replicaPrefix())
            .messageEndpoint("/message")
            .contextExtractor(CALLER)
            .keepAliveInterval(config.keepAlive())
            .maxRequestSize(config.maxRequestBytes())
            .build();
  }

  /** The streamable-HTTP transport with sessions; null in stateless mode. */
  HttpServletStreamableServerTransportProvider streamable() {
    return streamable;
  }

  /** The stateless transport; null unless {@code OPSMCP_MCP_STATELESS=true}. */
  HttpServletStatelessServerTransport stateless() {
    return stateless;
  }

  /** What serves {@code /mcp}. */
  HttpServlet mcp() {
    return stateless != null ? stateless : streamable;
  }

  HttpServletSseServerTransportProvider sse() {
    return sse;
  }

  /** Open sessions per transport; read from the SDK's private session maps (no public API). */
  void registerGauges(Telemetry telemetry) {
    if (streamable != null) {
      gauge(telemetry, "streamable_http", streamable);
    }
    gauge(telemetry, "sse", sse);
  }

  private static void gauge(Telemetry telemetry, String transport, Object provider) {
    try {
      var field = provider.getClass().getDeclaredField("sessions");
      field.setAccessible(true);
      Map<?, ?> sessions = (Map<?, ?>) field.get(provider);
      telemetry.gauge("opsmcp_mcp_sessions", "Open MCP sessions", transport, sessions::size);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("MCP session gauge unavailable for {}: {}", transport, e.toString());
    }
  }
}
