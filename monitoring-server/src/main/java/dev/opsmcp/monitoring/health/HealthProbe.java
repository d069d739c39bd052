package dev.opsmcp.monitoring.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * GETs a health URL taken from the operator's service catalog (never from a tool argument), with a
 * timeout, without following redirects (a redirect could point anywhere), discarding the body.
 * Thread-safe.
 */
final class HealthProbe {
  private final HttpClient http;
  private final Duration timeout;

  HealthProbe(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  ProbeResult probe(String url) {
    long start = System.nanoTime();
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      int status = r.statusCode();
      boolean ok = status >= 200 && status < 400;
      return new ProbeResult(
          url, ok ? "ok" : "http_error", status, millis(start), "HTTP " + status);
    } catch (HttpTimeoutException e) {
      return new ProbeResult(
          url, "timeout", null, millis(start), "no answer within " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      return new ProbeResult(url, "refused", null, millis(start), "connection refused");
    } catch (IOException e) {
      return new ProbeResult(url, "error", null, millis(start), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult(url, "error", null, millis(start), "interrupted");
    }
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
