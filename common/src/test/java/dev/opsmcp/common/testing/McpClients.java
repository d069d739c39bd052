package dev.opsmcp.common.testing;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;

/** The SDK's real MCP clients, authenticated with a bearer credential. Initialized on return. */
public final class McpClients {
  private McpClients() {}

  public static McpSyncClient streamable(String baseUrl, String credential) {
    return streamable(baseUrl, credential, p -> {});
  }

  /** A streamable-HTTP client that hands every progress notification to {@code progress}. */
  public static McpSyncClient streamable(
      String baseUrl, String credential, Consumer<McpSchema.ProgressNotification> progress) {
    var transport =
        HttpClientStreamableHttpTransport.builder(baseUrl)
            .endpoint("/mcp")
            .requestBuilder(
                HttpRequest.newBuilder().header("Authorization", "Bearer " + credential))
            .build();
    return initialized(
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(120))
            .progressConsumer(progress)
            .build());
  }

  @SuppressWarnings("deprecation") // the legacy SSE transport is what "type": "sse" agents use
  public static McpSyncClient sse(String baseUrl, String credential) {
    var transport =
        HttpClientSseClientTransport.builder(baseUrl)
            .sseEndpoint("/sse")
            .requestBuilder(
                HttpRequest.newBuilder().header("Authorization", "Bearer " + credential))
            .build();
    return initialized(McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build());
  }

  private static McpSyncClient initialized(McpSyncClient client) {
    try {
      client.initialize();
      return client;
    } catch (RuntimeException e) {
      client.closeGracefully();
      throw e;
    }
  }
}
