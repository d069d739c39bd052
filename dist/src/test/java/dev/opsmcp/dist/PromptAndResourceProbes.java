package dev.opsmcp.dist;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompts and resources of one server under hostile input: {@code prompts/get} with every hostile
 * value in each argument, missing and extra arguments and unknown names; {@code resources/read} of
 * every template filled with hostile ids, of every fixed resource with hostile suffixes, and of
 * URIs no resource has (foreign schemes, huge, over the 2,048-character limit).
 */
final class PromptAndResourceProbes {
  private static final List<String> IDS =
      List.of(
          "",
          "nope",
          "0",
          "-1",
          "99999999999999999999",
          "INC-0",
          "INC-99999999999999999999",
          "inc-1",
          "x".repeat(3_000),
          "%00",
          "%ff",
          "%",
          "..%2F..",
          "../../etc/passwd",
          "a b",
          "a\u0000b",
          "\ud800",
          "\ud83d\ude00 \u202e",
          "{id}",
          "1/2/3",
          "1?x=1#y");

  private static final List<String> URIS =
      List.of(
          "",
          " ",
          "nope",
          "file:///etc/passwd",
          "http://169.254.169.254/latest/meta-data/",
          "incident://",
          "incident:///",
          "runbook://",
          "note://1",
          "x".repeat(2_049),
          "incident://" + "1".repeat(100_000),
          "runbook://" + "%".repeat(5_000));

  private final HostileInputIT suite;
  private final String server;
  private final String base;
  private final String key;

  PromptAndResourceProbes(HostileInputIT suite, String server, String base, String key) {
    this.suite = suite;
    this.server = server;
    this.base = base;
    this.key = key;
  }

  void run() {
    List<McpSchema.Prompt> prompts = new ArrayList<>();
    List<String> templates = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    McpSyncClient client = McpClients.streamable(base, key);
    try {
      var caps = client.getServerCapabilities();
      if (caps.prompts() != null) {
        prompts.addAll(client.listPrompts().prompts());
      }
      if (caps.resources() != null) {
        client
            .listResourceTemplates()
            .resourceTemplates()
            .forEach(t -> templates.add(t.uriTemplate()));
        client.listResources().resources().forEach(r -> fixed.add(r.uri()));
      }
    } finally {
      client.closeGracefully();
    }
    String session = Http.session(base, key);
    for (McpSchema.Prompt prompt : prompts) {
      prompts(session, prompt);
    }
    for (String name : List.of("", "nope", HostileValues.HUGE, "a\u0000b", "\ud800")) {
      promptGet(session, name, Map.of());
    }
    for (String template : templates) {
      for (String id : IDS) {
        read(
            session,
            template.replaceAll("\\{[^}]+}", java.util.regex.Matcher.quoteReplacement(id)));
      }
    }
    for (String uri : fixed) {
      for (String suffix : List.of("/", "x", "?a=1", "%00", "/" + "x".repeat(3_000))) {
        read(session, uri + suffix);
      }
    }
    for (String uri : URIS) {
      read(session, uri);
    }
    for (Object notAUri : List.of(5, true, List.of("x"), Map.of("uri", "x"))) {
      send(session, "resources/read", HostileValues.json(Map.of("uri", notAUri)));
    }
  }

  private void prompts(String session, McpSchema.Prompt prompt) {
    Map<String, Object> plausible = new LinkedHashMap<>();
    if (prompt.arguments() != null) {
      prompt.arguments().forEach(a -> plausible.put(a.name(), "1"));
    }
    for (String argument : plausible.keySet()) {
      for (Object value : HostileValues.VALUES) {
        promptGet(session, prompt.name(), HostileValues.with(plausible, argument, value));
      }
      promptGet(session, prompt.name(), HostileValues.with(plausible, argument, null));
    }
    promptGet(session, prompt.name(), HostileValues.with(plausible, "colour", "red"));
    promptGet(session, prompt.name(), Map.of());
  }

  private void promptGet(String session, String name, Map<String, Object> arguments) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", name);
    params.put("arguments", arguments);
    send(session, "prompts/get", HostileValues.json(params));
  }

  private void read(String session, String uri) {
    send(session, "resources/read", HostileValues.json(Map.of("uri", uri)));
  }

  private void send(String session, String method, String params) {
    suite.probe(
        "/mcp " + server + " " + method + " " + Verdicts.head(params),
        () -> suite.streamable(base, session, method, params));
  }
}
