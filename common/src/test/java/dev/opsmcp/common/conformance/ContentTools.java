package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;

/** Fixture tools that return fixed content of each kind, and one that fails. */
final class ContentTools {
  private ContentTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        FixtureTool.constant(
            "test_simple_text",
            "Returns one text block.",
            FixtureTool.text("This is a simple text response for testing.")),
        FixtureTool.constant(
            "test_image_content",
            "Returns a PNG image.",
            result(ImageContent.builder(FixtureMedia.PNG, "image/png").build())),
        FixtureTool.constant(
            "test_audio_content",
            "Returns a WAV clip.",
            result(AudioContent.builder(FixtureMedia.WAV, "audio/wav").build())),
        FixtureTool.constant(
            "test_embedded_resource",
            "Returns an embedded text resource.",
            result(
                embedded(
                    "test://embedded-resource",
                    "text/plain",
                    "This is an embedded resource content."))),
        FixtureTool.constant(
            "test_multiple_content_types",
            "Returns text, an image and an embedded resource.",
            CallToolResult.builder()
                .addContent(TextContent.builder("Multiple content types test:").build())
                .addContent(ImageContent.builder(FixtureMedia.PNG, "image/png").build())
                .addContent(
                    embedded(
                        "test://mixed-content-resource",
                        "application/json",
                        "{\"test\":\"data\",\"value\":123}"))
                .build()),
        FixtureTool.constant(
            "test_error_handling",
            "Always fails, as a tool error.",
            FixtureTool.error("This tool intentionally returns an error for testing")));
  }

  private static CallToolResult result(Content content) {
    return CallToolResult.builder().addContent(content).build();
  }

  private static EmbeddedResource embedded(String uri, String mimeType, String text) {
    return EmbeddedResource.builder(
            TextResourceContents.builder(uri, text).mimeType(mimeType).build())
        .build();
  }
}
