package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.ingest.IngestRefused;
import dev.opsmcp.common.ingest.IngestSlots;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ingest endpoints share: the caller check, body reading (gzip included, capped), the
 * batch size limit, the one-transaction write, and the slots that bound how many bodies are parsed
 * and stored at once (each may hold its whole batch in memory). Thread-safe.
 */
public final class LogIngest {
  static final String CALLER_ATTRIBUTE = "opsmcp.caller";
  private static final Logger LOG = LoggerFactory.getLogger(LogIngest.class);

  static final Duration SLOT_WAIT = IngestSlots.WAIT;
  static final String RETRY_AFTER_SECONDS = IngestSlots.RETRY_AFTER_SECONDS;

  private final LogWriter writer;
  private final int maxBatch;
  private final long maxBodyBytes;
  private final IngestSlots slots;
  private final Duration slotWait;

  public LogIngest(LogWriter writer, int maxBatch, long maxBodyBytes, int concurrency) {
    this(writer, maxBatch, maxBodyBytes, concurrency, SLOT_WAIT);
  }

  LogIngest(LogWriter writer, int maxBatch, long maxBodyBytes, int concurrency, Duration slotWait) {
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.maxBodyBytes = maxBodyBytes;
    this.slots = new IngestSlots(concurrency, slotWait);
    this.slotWait = slotWait;
  }

  /** Held while one body is parsed and stored; released by {@link Slot#close()}. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits up to {@link #SLOT_WAIT} (30 s) for one of the ingest slots (OPSMCP_INGEST_CONCURRENCY),
   * so a burst of large bodies queues instead of exhausting the heap; 503 (retry) if none frees up.
   */
  Slot slot() throws Refused {
    try {
      return slots.acquire()::close;
    } catch (IngestRefused e) {
      throw new Refused(e.status(), e.getMessage());
    }
  }

  /** A failure answered with an HTTP status and a message for the sender. */
  static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** The tenant of the authenticated caller, who must hold {@code logs:write}. */
  static String tenant(HttpServletRequest req) throws Refused {
    Caller caller = (Caller) req.getAttribute(CALLER_ATTRIBUTE);
    if (caller == null) {
      throw new Refused(401, "authentication required");
    }
    if (!caller.has(Scope.LOGS_WRITE)) {
      throw new Refused(
          403, "this credential lacks the scope logs:write; create a key with --scopes logs:write");
    }
    return caller.tenant();
  }

  /** The body as a stream: gunzipped when so encoded, stopping past the decompressed cap. */
  IngestBody open(HttpServletRequest req) throws IOException, Refused {
    String encoding = req.getHeader("Content-Encoding");
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
      if (!encoding.strip().toLowerCase(Locale.ROOT).equals("gzip")) {
        throw new Refused(
            415, "Content-Encoding " + Echo.of(encoding) + " is not supported: use gzip");
      }
      gzip = true;
    }
    return new IngestBody(req.getInputStream(), gzip, maxBodyBytes);
  }

  /** A parser's refusal, unless the body itself failed first (bad gzip, over the cap). */
  static Refused refusal(IngestBody body, MalformedBatch e) {
    return body.failure() != null
        ? body.failure()
        : new Refused(400, e.getMessage() + "; nothing was stored");
  }

  /** Stores the batch whole, or refuses it whole. */
  void store(String tenant, List<LogEntry> entries) throws Refused {
    if (entries.size() > maxBatch) {
      throw new Refused(
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
      throw new Refused(503, "the batch could not be stored (nothing was); retry later");
    }
  }

  static void json(HttpServletResponse res, int status, Map<String, ?> body) throws IOException {
    if (status == 503) {
      res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    res.setStatus(status);
    res.setContentType("application/json");
    res.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
  }
}
