package dev.opsmcp.monitoring.metrics;

import com.google.protobuf.util.JsonFormat;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.ingest.IngestRefused;
import dev.opsmcp.common.ingest.IngestRequest;
import dev.opsmcp.common.ingest.IngestSlots;
import dev.opsmcp.common.ingest.OtlpResponses;
import dev.opsmcp.common.ingest.ParserMessage;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP {@code POST /v1/metrics}, protobuf or JSON (gzip allowed), scope {@code metrics:write}.
 * The accepted points are stored in one transaction (all or none); points without a service name,
 * over the series cap, or otherwise unusable are reported as OTLP partial success.
 */
public final class OtlpMetricsServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(OtlpMetricsServlet.class);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final transient MetricWriter writer;
  private final int maxPoints;
  private final long maxBodyBytes;
  private final transient IngestSlots slots;

  public OtlpMetricsServlet(Database db, MetricSettings settings) {
    this(db, settings, IngestSlots.WAIT);
  }

  OtlpMetricsServlet(Database db, MetricSettings settings, Duration slotWait) {
    this.slots = new IngestSlots(settings.ingestConcurrency(), slotWait);
    this.writer = new MetricWriter(db, settings.maxSeriesPerService());
    this.maxPoints = settings.maxBatch();
    this.maxBodyBytes = settings.maxBodyBytes();
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    // The raw header: getContentType() throws on a charset the JVM does not know.
    String header = req.getHeader("Content-Type");
    String type = header == null ? "" : header.toLowerCase(Locale.ROOT);
    boolean protobuf = type.startsWith(OtlpResponses.PROTOBUF);
    try {
      String tenant = IngestRequest.tenant(req, Scope.METRICS_WRITE);
      if (!protobuf && !type.startsWith(OtlpResponses.JSON)) {
        throw new IngestRefused(
            415, "Content-Type must be application/x-protobuf or application/json");
      }
      try (IngestSlots.Slot slot = slots.acquire()) {
        store(res, tenant, protobuf, parse(IngestRequest.body(req, maxBodyBytes), protobuf));
      }
    } catch (IngestRefused e) {
      OtlpResponses.status(res, e.status(), protobuf, e.getMessage());
    }
  }

  private void store(
      HttpServletResponse res, String tenant, boolean protobuf, ExportMetricsServiceRequest request)
      throws IngestRefused, IOException {
    int points = points(request);
    if (points > maxPoints) {
      throw new IngestRefused(
          413,
          "batch of "
              + points
              + " data points exceeds the limit of "
              + maxPoints
              + " (OPSMCP_INGEST_MAX_BATCH); nothing was stored: split it into smaller batches");
    }
    OtlpMetricsMapping.Result mapped = OtlpMetricsMapping.map(request);
    MetricWriter.Outcome outcome;
    try {
      outcome = writer.write(tenant, mapped.samples(), Instant.now());
    } catch (RuntimeException e) {
      LOG.error("storing {} metric points for tenant {} failed", points, tenant, e);
      throw new IngestRefused(503, "the batch could not be stored (nothing was); retry later");
    }
    List<String> reasons = new ArrayList<>(mapped.reasons());
    reasons.addAll(outcome.reasons());
    int rejected = mapped.rejected() + outcome.rejected();
    ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
    if (rejected > 0) {
      response.setPartialSuccess(
          ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(rejected)
              .setErrorMessage(String.join("; ", reasons)));
    }
    OtlpResponses.ok(res, protobuf, response.build());
  }

  private static ExportMetricsServiceRequest parse(byte[] body, boolean protobuf)
      throws IngestRefused {
    try {
      if (protobuf) {
        return ExportMetricsServiceRequest.parseFrom(body);
      }
      ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
      PARSER.merge(
          new InputStreamReader(new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8), b);
      return b.build();
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new IngestRefused(
          400,
          "body is not a valid OTLP "
              + (protobuf ? "protobuf" : "JSON")
              + " ExportMetricsServiceRequest: "
              + ParserMessage.of(e)
              + "; nothing was stored");
    }
  }

  private static int points(ExportMetricsServiceRequest request) {
    int n = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += OtlpMetricsMapping.points(m);
        }
      }
    }
    return n;
  }
}
