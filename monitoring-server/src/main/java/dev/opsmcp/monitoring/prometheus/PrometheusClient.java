package dev.opsmcp.monitoring.prometheus;

import dev.opsmcp.common.tool.Json;
import dev.opsmcp.monitoring.metrics.MetricSourceUnavailable;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.NumberInput;
import tools.jackson.databind.JsonNode;

/**
 * The few calls of Prometheus's HTTP API that OpsMCP uses ({@code query_range}, {@code series},
 * label values), with the configured credentials and timeout. Failures become {@link
 * MetricSourceUnavailable} (unreachable, refused, timed out) or {@link BadQuery} (Prometheus
 * rejected the query: its own error text). Thread-safe.
 */
public final class PrometheusClient {
  /** Prometheus answered 400 or 422: the query itself is wrong. */
  public static final class BadQuery extends RuntimeException {
    BadQuery(String message) {
      super(message);
    }
  }

  /** One series of a range query: its labels and its samples (epoch millis, value). */
  public record Range(Map<String, String> labels, long[] times, double[] values) {}

  static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

  private final PrometheusSettings settings;
  private final HttpClient http;

  public PrometheusClient(PrometheusSettings settings) {
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public PrometheusSettings settings() {
    return settings;
  }

  /** {@code /api/v1/query_range}: a matrix at {@code step} from {@code start} to {@code end}. */
  public List<Range> queryRange(String query, Instant start, Instant end, Duration step) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", query);
    form.put("start", seconds(start));
    form.put("end", seconds(end));
    form.put("step", BigDecimal.valueOf(step.toMillis(), 3).toPlainString());
    JsonNode data = post("api/v1/query_range", form);
    List<Range> out = new ArrayList<>();
    if (!"matrix".equals(data.path("resultType").asString())) {
      throw new BadQuery(
          "the query returned a " + data.path("resultType").asString() + ", not a range matrix");
    }
    for (JsonNode r : data.path("result")) {
      Map<String, String> labels = new TreeMap<>();
      r.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
      JsonNode values = r.path("values");
      long[] times = new long[values.size()];
      double[] v = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        times[i] = Math.round(values.get(i).get(0).asDouble() * 1000);
        v[i] = parse(values.get(i).get(1).asString());
      }
      out.add(new Range(labels, times, v));
    }
    return out;
  }

  /** {@code /api/v1/series}: label sets of the series matching any of {@code matchers}. */
  public List<Map<String, String>> series(List<String> matchers, Instant start, Instant end) {
    StringBuilder form = new StringBuilder();
    for (String m : matchers) {
      form.append("match[]=").append(encode(m)).append('&');
    }
    form.append("start=").append(seconds(start)).append("&end=").append(seconds(end));
    JsonNode data = send(request("api/v1/series").POST(form(form.toString())));
    List<Map<String, String>> out = new ArrayList<>();
    for (JsonNode s : data) {
      Map<String, String> labels = new TreeMap<>();
      s.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
      out.add(labels);
    }
    return out;
  }

  /** {@code /api/v1/label/<label>/values}, of series matching {@code matcher} (or all). */
  public List<String> labelValues(String label, String matcher, Instant start, Instant end) {
    String query =
        "start="
            + seconds(start)
            + "&end="
            + seconds(end)
            + (matcher == null ? "" : "&match[]=" + encode(matcher));
    JsonNode data = send(request("api/v1/label/" + label + "/values?" + query).GET());
    List<String> out = new ArrayList<>();
    data.forEach(v -> out.add(v.asString()));
    return out;
  }

  private JsonNode post(String path, Map<String, String> form) {
    StringBuilder b = new StringBuilder();
    form.forEach(
        (k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=').append(encode(v)));
    return send(request(path).POST(form(b.toString())));
  }

  private static HttpRequest.BodyPublisher form(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(settings.url().resolve(path))
            .timeout(settings.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (settings.token() != null) {
      b.header("Authorization", "Bearer " + settings.token());
    } else if (settings.user() != null) {
      String pair = settings.user() + ":" + settings.password();
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new MetricSourceUnavailable(
          "Prometheus at "
              + settings.url()
              + " did not answer ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "); try again later, or ask an operator to check OPSMCP_PROMETHEUS_URL");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricSourceUnavailable("interrupted while asking Prometheus");
    }
    int status = response.statusCode();
    if (response.body().length > MAX_ANSWER_BYTES) {
      throw new BadQuery(
          "Prometheus's answer is over "
              + MAX_ANSWER_BYTES / (1024 * 1024)
              + " MB; narrow the query (fewer series) or use a coarser step");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw new MetricSourceUnavailable(
          "Prometheus at " + settings.url() + " answered HTTP " + status + " without JSON");
    }
    if (status == 400 || status == 422) {
      throw new BadQuery("Prometheus refused the query: " + body.path("error").asString());
    }
    if (status == 401 || status == 403) {
      throw new MetricSourceUnavailable(
          "Prometheus at "
              + settings.url()
              + " refused OpsMCP's credentials (HTTP "
              + status
              + "); an operator must fix OPSMCP_PROMETHEUS_TOKEN or _USER/_PASSWORD");
    }
    if (status != 200 || !"success".equals(body.path("status").asString())) {
      throw new MetricSourceUnavailable(
          "Prometheus at "
              + settings.url()
              + " failed (HTTP "
              + status
              + "): "
              + body.path("error").asString());
    }
    return body.path("data");
  }

  /**
   * A sample value: NaN for Prometheus's {@code NaN}, {@code +Inf} and {@code -Inf}. Jackson's fast
   * parser (correctly rounded, like {@link Double#parseDouble}): the JDK's took half the time of an
   * overview over Prometheus on the 17-digit values it sends.
   */
  static double parse(String v) {
    if (v.indexOf('N') >= 0 || v.indexOf('I') >= 0) {
      return Double.NaN;
    }
    double d = NumberInput.parseDouble(v, true);
    return Double.isFinite(d) ? d : Double.NaN;
  }

  static String seconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
