package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fixture resources: static text, static binary, one to subscribe to, and a template. */
final class FixtureResources {
  private static final Pattern TEMPLATE_URI = Pattern.compile("test://template/([^/]+)/data");

  private FixtureResources() {}

  static List<SyncResourceSpecification> resources() {
    return List.of(
        fixed(
            "test://static-text",
            "Static text",
            text("test://static-text", "This is the content of the static text resource.")),
        fixed(
            "test://static-binary",
            "Static binary",
            BlobResourceContents.builder("test://static-binary", FixtureMedia.PNG)
                .mimeType("image/png")
                .build()),
        fixed(
            "test://watched-resource",
            "A resource clients can subscribe to",
            text("test://watched-resource", "Watched resource content.")));
  }

  static List<SyncResourceTemplateSpecification> templates() {
    ResourceTemplate template =
        ResourceTemplate.builder("test://template/{id}/data", "template-data")
            .description("JSON data for the id in the URI")
            .mimeType("application/json")
            .build();
    return List.of(
        new SyncResourceTemplateSpecification(
            template,
            (exchange, request) -> {
              Matcher m = TEMPLATE_URI.matcher(request.uri());
              String id = m.matches() ? m.group(1) : "";
              String json =
                  "{\"id\":\"%s\",\"templateTest\":true,\"data\":\"Data for ID: %s\"}"
                      .formatted(id, id);
              return ReadResourceResult.builder(
                      List.of(
                          TextResourceContents.builder(request.uri(), json)
                              .mimeType("application/json")
                              .build()))
                  .build();
            }));
  }

  private static TextResourceContents text(String uri, String text) {
    return TextResourceContents.builder(uri, text).mimeType("text/plain").build();
  }

  private static SyncResourceSpecification fixed(
      String uri, String description, ResourceContents contents) {
    Resource resource =
        Resource.builder(uri, uri.substring("test://".length()))
            .description(description)
            .mimeType(contents.mimeType())
            .build();
    ReadResourceResult result = ReadResourceResult.builder(List.of(contents)).build();
    return new SyncResourceSpecification(resource, (exchange, request) -> result);
  }
}
