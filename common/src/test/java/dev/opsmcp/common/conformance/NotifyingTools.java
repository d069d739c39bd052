package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.util.List;

/** Fixture tools that send log and progress notifications while they run. */
final class NotifyingTools {
  private static final long STEP_MILLIS = 50;

  private NotifyingTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        FixtureTool.of(
            "test_tool_with_logging",
            "Sends three info log messages, 50 ms apart.",
            FixtureTool.NO_ARGUMENTS,
            NotifyingTools::withLogging),
        FixtureTool.of(
            "test_tool_with_progress",
            "Reports progress 0, 50 and 100 of 100, 50 ms apart, when given a progress token.",
            FixtureTool.NO_ARGUMENTS,
            NotifyingTools::withProgress));
  }

  private static CallToolResult withLogging(McpSyncServerExchange exchange, CallToolRequest in) {
    List<String> messages =
        List.of("Tool execution started", "Tool processing data", "Tool execution completed");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        pause();
      }
      exchange.loggingNotification(
          LoggingMessageNotification.builder(LoggingLevel.INFO, messages.get(i))
              .logger("conformance")
              .build());
    }
    return FixtureTool.text("Tool with logging executed successfully");
  }

  private static CallToolResult withProgress(McpSyncServerExchange exchange, CallToolRequest in) {
    Object token = in.progressToken();
    for (int progress = 0; progress <= 100; progress += 50) {
      if (progress > 0) {
        pause();
      }
      if (token != null) {
        exchange.progressNotification(
            ProgressNotification.builder(token, progress)
                .total(100.0)
                .message("step " + (progress / 50 + 1))
                .build());
      }
    }
    return FixtureTool.text("Tool with progress executed successfully");
  }

  private static void pause() {
    try {
      Thread.sleep(STEP_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
