package dev.opsmcp.common.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts one JSON payload, bounded end to end: connecting, sending and the response together take at
 * most the delivery timeout. The receiver's status decides; a body that stalls after a 2xx status
 * is not waited for. Thread-safe; close to abort whatever is in flight.
 */
final class WebhookPost implements AutoCloseable {
  private static final Duration BODY_GRACE = Duration.ofSeconds(1);

  private final Duration timeout;
  private final HttpClient http;

  WebhookPost(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Null when the receiver answered 2xx; otherwise what went wrong, for the row and the log. {@code
   * headers} are added to the request (a signature's).
   */
  String send(String url, String payload, Map<String, String> headers) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Integer> status = new CompletableFuture<>();
    CompletableFuture<HttpResponse<Void>> response;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("User-Agent", "opsmcp-notifier")
              .POST(HttpRequest.BodyPublishers.ofString(payload));
      headers.forEach(request::header);
      response =
          http.sendAsync(
              request.build(),
              info -> {
                status.complete(info.statusCode());
                return HttpResponse.BodySubscribers.discarding();
              });
    } catch (IllegalArgumentException e) {
      return "invalid URL";
    }
    response.whenComplete(
        (r, failure) -> {
          if (failure != null) {
            status.completeExceptionally(failure);
          }
        });
    try {
      int code = status.get(remaining(deadline), TimeUnit.NANOSECONDS);
      try {
        // let a small body finish so the connection can be reused; never wait long for it
        response.get(Math.min(remaining(deadline), BODY_GRACE.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException bodyTrouble) {
        response.cancel(true);
      }
      return code / 100 == 2 ? null : "HTTP " + code;
    } catch (TimeoutException e) {
      response.cancel(true);
      return "no response within " + timeout.toSeconds() + " s";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return cause.getClass().getSimpleName();
    } catch (InterruptedException e) {
      response.cancel(true);
      throw e;
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
