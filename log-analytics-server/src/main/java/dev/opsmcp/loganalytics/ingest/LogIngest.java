package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.ingest.IngestRefused;
import dev.opsmcp.common.ingest.IngestRequest;
import dev.opsmcp.common.ingest.IngestSlots;
import dev.opsmcp.common.tool.Echo;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ingest endpoints share: the caller check, body reading (gzip included, capped), the
 * batch size limit, the one-transaction write, and the slots that bound how many bodies are parsed
 * and stored at once (each may hold its whole batch in memory). Thread-safe.
 */
public final class LogIngest {
  private static final Logger LOG = LoggerFactory.getLogger(LogIngest.class);

  private final LogWriter writer;
  private final int maxBatch;
  private final long maxBodyBytes;
  private final IngestSlots slots;

  public LogIngest(LogWriter writer, int maxBatch, long maxBodyBytes, int concurrency) {
    this(writer, maxBatch, maxBodyBytes, concurrency, IngestSlots.WAIT);
  }

  LogIngest(LogWriter writer, int maxBatch, long maxBodyBytes, int concurrency, Duration slotWait) {
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.maxBodyBytes = maxBodyBytes;
    this.slots = new IngestSlots(concurrency, slotWait);
  }

  /**
   * Waits up to {@link IngestSlots#WAIT} (30 s) for one of the ingest slots
   * (OPSMCP_INGEST_CONCURRENCY), so a burst of large bodies queues instead of exhausting the heap;
   * 503 (retry) if none frees up.
   */
  IngestSlots.Slot slot() throws IngestRefused {
    return slots.acquire();
  }

  /** The tenant of the authenticated caller, who must hold {@code logs:write}. */
  static String tenant(HttpServletRequest req) throws IngestRefused {
    return IngestRequest.tenant(req, Scope.LOGS_WRITE);
  }

  /** The body as a stream: gunzipped when so encoded, stopping past the decompressed cap. */
  IngestBody open(HttpServletRequest req) throws IOException, IngestRefused {
    String encoding = req.getHeader("Content-Encoding");
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
      if (!encoding.strip().toLowerCase(Locale.ROOT).equals("gzip")) {
        throw new IngestRefused(
            415, "Content-Encoding " + Echo.of(encoding) + " is not supported: use gzip");
      }
      gzip = true;
    }
    return new IngestBody(req.getInputStream(), gzip, maxBodyBytes);
  }

  /** A parser's refusal, unless the body itself failed first (bad gzip, over the cap). */
  static IngestRefused refusal(IngestBody body, MalformedBatch e) {
    return body.failure() != null
        ? body.failure()
        : new IngestRefused(400, e.getMessage() + "; nothing was stored");
  }

  /** Stores the batch whole, or refuses it whole. */
  void store(String tenant, List<LogEntry> entries) throws IngestRefused {
    if (entries.size() > maxBatch) {
      throw new IngestRefused(
          413,
          "batch of "
              + entries.size()
              + " records exceeds the limit of "
              + maxBatch
              + " (OPSMCP_INGEST_MAX_BATCH); nothing was stored: split it into smaller batches");
    }
    try {
      writer.write(tenant, entries);
    } catch (RuntimeException e) {
      LOG.error("storing {} log records for tenant {} failed", entries.size(), tenant, e);
      throw new IngestRefused(503, "the batch could not be stored (nothing was); retry later");
    }
  }
}
