package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import io.modelcontextprotocol.util.McpUriTemplateManager;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place OpsMCP resources meet the SDK: a {@link Resource} with a plain URI becomes a
 * resource, one with {@code {variables}} a resource template; both read through a handler that
 * checks the caller's scopes, fills in the variables and sends text or JSON.
 */
public final class ResourceAdapter {
  /** The longest URI read; a longer one is refused before any resource sees it. */
  public static final int MAX_URI = 2_048;

  private ResourceAdapter() {}

  public static List<SyncResourceSpecification> resources(List<Resource> resources) {
    return resources.stream()
        .filter(r -> !isTemplate(r))
        .map(
            r ->
                new SyncResourceSpecification(
                    definition(r),
                    (exchange, request) -> read(r, exchange.transportContext(), request)))
        .toList();
  }

  public static List<SyncResourceTemplateSpecification> templates(List<Resource> resources) {
    return resources.stream()
        .filter(ResourceAdapter::isTemplate)
        .map(
            r ->
                new SyncResourceTemplateSpecification(
                    templateDefinition(r),
                    (exchange, request) -> read(r, exchange.transportContext(), request)))
        .toList();
  }

  /** The plain resources for the stateless transport. */
  public static List<McpStatelessServerFeatures.SyncResourceSpecification> statelessResources(
      List<Resource> resources) {
    return resources.stream()
        .filter(r -> !isTemplate(r))
        .map(
            r ->
                new McpStatelessServerFeatures.SyncResourceSpecification(
                    definition(r), (context, request) -> read(r, context, request)))
        .toList();
  }

  /** The resource templates for the stateless transport. */
  public static List<McpStatelessServerFeatures.SyncResourceTemplateSpecification>
      statelessTemplates(List<Resource> resources) {
    return resources.stream()
        .filter(ResourceAdapter::isTemplate)
        .map(
            r ->
                new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
                    templateDefinition(r), (context, request) -> read(r, context, request)))
        .toList();
  }

  private static McpSchema.Resource definition(Resource r) {
    return McpSchema.Resource.builder(r.uri(), r.name())
        .description(r.description())
        .mimeType(r.mimeType())
        .build();
  }

  private static McpSchema.ResourceTemplate templateDefinition(Resource r) {
    return McpSchema.ResourceTemplate.builder(r.uri(), r.name())
        .description(r.description())
        .mimeType(r.mimeType())
        .build();
  }

  /** Whether {@code resource} is a template ({@code incident://{id}}) rather than one URI. */
  public static boolean isTemplate(Resource resource) {
    return resource.uri().contains("{");
  }

  private static McpSchema.ReadResourceResult read(
      Resource resource, McpTransportContext context, McpSchema.ReadResourceRequest request) {
    Caller caller = McpFailures.caller(context);
    try {
      if (request.uri().length() > MAX_URI) {
        throw new ToolFailure(
            "uri is "
                + request.uri().length()
                + " characters; a resource URI is at most 2,048: send one as resources/list or"
                + " resources/templates/list give it, like "
                + resource.uri());
      }
      caller.requireAny(resource.scopes());
      Object content = resource.read(caller, variables(resource, request.uri()));
      String text = content instanceof String s ? s : Json.write(content);
      return McpSchema.ReadResourceResult.builder(
              List.of(
                  McpSchema.TextResourceContents.builder(request.uri(), text)
                      .mimeType(resource.mimeType())
                      .build()))
          .build();
    } catch (ToolFailure f) {
      throw McpFailures.of(f, McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
    } catch (McpError e) {
      throw e;
    } catch (RuntimeException e) {
      throw McpFailures.internal("resource " + resource.name(), caller, e);
    }
  }

  private static Map<String, String> variables(Resource resource, String uri) throws ToolFailure {
    if (!isTemplate(resource)) {
      return Map.of();
    }
    McpUriTemplateManager template = new DefaultMcpUriTemplateManager(resource.uri());
    if (!template.matches(uri)) {
      throw new ToolFailure(
          ToolFailure.Kind.NOT_FOUND,
          "no resource " + TypeWords.clip(uri) + "; see " + resource.uri());
    }
    Map<String, String> decoded = new LinkedHashMap<>();
    for (var e : template.extractVariableValues(uri).entrySet()) {
      try {
        decoded.put(
            e.getKey(),
            URLDecoder.decode(e.getValue().replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEscape) {
        throw new ToolFailure(
            "the "
                + e.getKey()
                + " in "
                + TypeWords.clip(uri)
                + " is not percent-encoded correctly: write % as %25, and follow every other % by"
                + " two hex digits");
      }
    }
    return decoded;
  }
}
