package dev.opsmcp.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.monitoring.MonitoringFixture;
import dev.opsmcp.monitoring.Otlp;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OTLP metric bodies are parsed and stored under the ingest slots ({@code
 * OPSMCP_INGEST_CONCURRENCY}), as log bodies are: with one slot, a second body waits while a first
 * one is still arriving, and goes through once it is done.
 */
class MetricIngestConcurrencyIT {
  @Test
  void aSecondBodyWaitsForTheOnlySlot() throws Exception {
    try (MonitoringFixture mon =
        MonitoringFixture.start(Map.of("OPSMCP_INGEST_CONCURRENCY", "1"))) {
      String key = mon.key("acme");
      byte[] body = request("slow").toByteArray();
      try (Socket slow = new Socket("127.0.0.1", mon.server.port())) {
        OutputStream out = slow.getOutputStream();
        out.write(
            ("POST /v1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + key
                    + "\r\nContent-Type: application/x-protobuf\r\nContent-Length: "
                    + body.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, body.length / 2);
        out.flush();
        Thread.sleep(500); // the slow body holds the slot while it arrives

        CompletableFuture<HttpResponse<String>> second =
            HttpClient.newHttpClient()
                .sendAsync(
                    HttpRequest.newBuilder(URI.create(mon.server.baseUrl() + "/v1/metrics"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request("fast").toByteArray()))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        Thread.sleep(2_000);
        assertThat(second).as("second body stored while the only slot was taken").isNotDone();

        out.write(body, body.length / 2, body.length - body.length / 2);
        out.flush();
        InputStream in = slow.getInputStream();
        String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        assertThat(status).isEqualTo("HTTP/1.1 200");
        assertThat(second.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      assertThat(mon.count("SELECT COUNT(*) FROM metric_series WHERE tenant_id = 'acme'"))
          .isEqualTo(2);
    }
  }

  private static io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest request(
      String service) {
    return Otlp.request(
        Otlp.resource(
            service,
            List.of(
                Otlp.gauge(
                    "queue_depth", List.of(Otlp.point(Instant.now(), 3, Map.of("q", "a")))))));
  }
}
