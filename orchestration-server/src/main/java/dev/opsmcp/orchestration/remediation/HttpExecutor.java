package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.capture.CappedOutput;
import dev.opsmcp.common.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Sends a plan's HTTP request: header secrets resolved from the environment at send time (never
 * stored or shown), no redirects followed, the response captured and capped.
 */
final class HttpExecutor {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private HttpExecutor() {}

  static Outcome run(Plan plan, Env env) {
    long start = System.nanoTime();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(plan.url()))
            .timeout(Duration.ofSeconds(plan.timeoutSeconds()))
            .header("User-Agent", "opsmcp-remediation");
    for (Map.Entry<String, String> h : plan.headers().entrySet()) {
      String value;
      try {
        value = secrets(h.getValue(), env);
      } catch (IllegalStateException e) {
        return new Outcome("failed", null, "", e.getMessage(), ms(start));
      }
      b.header(h.getKey(), value);
    }
    if (plan.body() != null
        && !plan.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("content-type"))) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        plan.method(),
        plan.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(plan.body()));
    try {
      HttpResponse<InputStream> r =
          CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (InputStream in = r.body()) {
        body = CappedOutput.read(in, Outcome.OUTPUT_CAP);
      }
      int status = r.statusCode();
      boolean ok = plan.accept().isEmpty() ? status / 100 == 2 : plan.accept().contains(status);
      return new Outcome(
          ok ? "succeeded" : "failed",
          status,
          body,
          ok ? null : "HTTP " + status + " is not an accepted status",
          ms(start));
    } catch (HttpTimeoutException e) {
      return new Outcome(
          "timed_out", null, "", "no response within " + plan.timeoutSeconds() + " s", ms(start));
    } catch (IOException e) {
      return new Outcome(
          "failed", null, "", "request failed: " + e.getClass().getSimpleName(), ms(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome("failed", null, "", "interrupted (server stopping)", ms(start));
    }
  }

  private static String secrets(String template, Env env) {
    Matcher m = RunbookFile.ENV_REF.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          env.get(m.group(1))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "environment variable "
                              + m.group(1)
                              + " (a header secret) is not set on the server"));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
