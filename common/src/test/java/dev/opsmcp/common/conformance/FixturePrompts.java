package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The fixture prompts: plain, with arguments, with an embedded resource, with an image. */
final class FixturePrompts {
  static final String WITH_ARGUMENTS = "test_prompt_with_arguments";

  private FixturePrompts() {}

  static List<SyncPromptSpecification> all() {
    return List.of(
        prompt(
            "test_simple_prompt",
            "A prompt without arguments",
            List.of(),
            in -> messages(text("This is a simple prompt for testing."))),
        prompt(
            WITH_ARGUMENTS,
            "A prompt that quotes its two arguments",
            List.of(required("arg1", "First test argument"), required("arg2", "Second one")),
            in ->
                messages(
                    text(
                        "Prompt with arguments: arg1='%s', arg2='%s'"
                            .formatted(argument(in, "arg1"), argument(in, "arg2"))))),
        prompt(
            "test_prompt_with_embedded_resource",
            "A prompt that embeds the resource named by its argument",
            List.of(required("resourceUri", "URI of the resource to embed")),
            in ->
                messages(
                    EmbeddedResource.builder(
                            TextResourceContents.builder(
                                    argument(in, "resourceUri"),
                                    "Embedded resource content for testing.")
                                .mimeType("text/plain")
                                .build())
                        .build(),
                    text("Please process the embedded resource above."))),
        prompt(
            "test_prompt_with_image",
            "A prompt that shows an image",
            List.of(),
            in ->
                messages(
                    ImageContent.builder(FixtureMedia.PNG, "image/png").build(),
                    text("Please analyze the image above."))));
  }

  private static SyncPromptSpecification prompt(
      String name,
      String description,
      List<PromptArgument> arguments,
      Function<GetPromptRequest, GetPromptResult> handler) {
    Prompt prompt = Prompt.builder(name).description(description).arguments(arguments).build();
    return new SyncPromptSpecification(prompt, (exchange, request) -> handler.apply(request));
  }

  private static PromptArgument required(String name, String description) {
    return PromptArgument.builder(name).description(description).required(true).build();
  }

  private static String argument(GetPromptRequest request, String name) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? "" : value.toString();
  }

  private static GetPromptResult messages(Content... contents) {
    return GetPromptResult.builder(
            Arrays.stream(contents).map(c -> new PromptMessage(Role.USER, c)).toList())
        .build();
  }

  private static TextContent text(String text) {
    return TextContent.builder(text).build();
  }
}
