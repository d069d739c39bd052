package dev.opsmcp.bench;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: the MCP SDK's streamable HTTP servlet on Jetty 12.1 ee11, threaded and configured
 * like {@code McpHost} (virtual threads, immediate execution, one acceptor and selector, same
 * keep-alive and body cap), serving one {@code system_info} tool with the same payload shape, but
 * with no auth, metrics, filters or database.
 */
final class BareServer {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The fields of OpsMCP's {@code SystemInfoTool.Output}, filled with constants. */
  record Output(
      String server,
      String version,
      String tenant,
      String credential,
      List<String> scopes,
      String database,
      String databaseStatus,
      long uptimeSeconds) {}

  private static final List<String> SCOPES =
      List.of(
          "analysis:run",
          "incidents:read",
          "incidents:write",
          "logs:read",
          "logs:write",
          "messaging:agent",
          "monitoring:read",
          "remediation:execute");

  private final Instant started = Instant.now();

  private BareServer() {}

  /** Starts on {@code host:port} (0 picks one) and returns the running Jetty server. */
  static Server start(String host, int port) throws Exception {
    return new BareServer().startJetty(host, port);
  }

  private Server startJetty(String host, int port) throws Exception {
    var transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .keepAliveInterval(Duration.ofSeconds(20))
            .sessionSweepInterval(Duration.ofMinutes(30))
            .maxRequestSize(4 * 1024 * 1024)
            .build();
    McpServer.sync(transport)
        .serverInfo("bare-bench", "0.1.0")
        // the SDK adds the logging capability itself
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .immediateExecution(true)
        .tools(systemInfo())
        .build();

    VirtualThreadPool threads = new VirtualThreadPool();
    threads.setMaxConcurrentTasks(10_000);
    threads.setName("bare");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(300_000);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/mcp/*");
    jetty.setHandler(context);
    jetty.start();
    return jetty;
  }

  private SyncToolSpecification systemInfo() {
    Map<String, Object> inputSchema = new LinkedHashMap<>();
    inputSchema.put("type", "object");
    inputSchema.put("properties", Map.of());
    inputSchema.put("additionalProperties", false);
    McpSchema.Tool tool =
        McpSchema.Tool.builder("system_info", inputSchema)
            .description(
                "Identify this server (benchmark baseline: constant payload, no database).")
            .annotations(new McpSchema.ToolAnnotations(null, true, false, true, false, null))
            .build();
    return SyncToolSpecification.builder().tool(tool).callHandler((ex, req) -> call()).build();
  }

  /** Serialises like OpsMCP's tool adapter: record to map, map to text, both in the result. */
  @SuppressWarnings("unchecked")
  private McpSchema.CallToolResult call() {
    Output out =
        new Output(
            "bare",
            "0.1.0",
            "bench",
            "api_key",
            SCOPES,
            "none",
            "ok",
            Duration.between(started, Instant.now()).toSeconds());
    Map<String, Object> structured = JSON.convertValue(out, Map.class);
    return McpSchema.CallToolResult.builder()
        .addTextContent(JSON.writeValueAsString(structured))
        .structuredContent(structured)
        .build();
  }
}
