package dev.opsmcp.common.ingest;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.ErrorBody;
import dev.opsmcp.common.tool.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * What every telemetry ingest endpoint does before parsing: the authenticated caller with the write
 * scope, and the body (gzip allowed) read up to a cap. Stateless.
 */
public final class IngestRequest {
  private static final String CALLER_ATTRIBUTE = dev.opsmcp.common.tool.ToolAdapter.CALLER_KEY;

  private IngestRequest() {}

  /** The tenant of the authenticated caller, who must hold {@code scope}. */
  public static String tenant(HttpServletRequest req, Scope scope) throws IngestRefused {
    Caller caller = (Caller) req.getAttribute(CALLER_ATTRIBUTE);
    if (caller == null) {
      throw new IngestRefused(401, "authentication required");
    }
    if (!caller.has(scope)) {
      throw new IngestRefused(
          403,
          "this credential lacks the scope "
              + scope.wire()
              + "; create a key with --scopes "
              + scope.wire());
    }
    return caller.tenant();
  }

  /** The body, gunzipped when {@code Content-Encoding: gzip}, refused (413) above {@code max}. */
  public static byte[] body(HttpServletRequest req, long maxBytes)
      throws IOException, IngestRefused {
    String encoding = req.getHeader("Content-Encoding");
    InputStream in = req.getInputStream();
    if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
      if (!encoding.toLowerCase(Locale.ROOT).equals("gzip")) {
        throw new IngestRefused(
            415,
            "Content-Encoding "
                + dev.opsmcp.common.tool.Echo.of(encoding)
                + " is not supported: use gzip");
      }
      try {
        in = new GZIPInputStream(in);
      } catch (IOException e) {
        throw notGzip(e);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    int n;
    try {
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > maxBytes) {
          throw new IngestRefused(
              413, "decompressed body exceeds " + maxBytes + " bytes: send less");
        }
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      // A truncated gzip body ends in EOFException, a corrupt one in ZipException.
      throw notGzip(e);
    }
    return out.toByteArray();
  }

  private static IngestRefused notGzip(IOException e) {
    return new IngestRefused(
        400,
        "the body is not valid gzip ("
            + (e.getMessage() == null ? "it ends early" : e.getMessage())
            + "): send it gzip-compressed whole, or without Content-Encoding");
  }

  /**
   * Answers a refusal of an endpoint that is not OTLP in the one REST error shape, {@code
   * {"error":{"code","message"}}} (with {@code Retry-After} on 503). OTLP endpoints answer with
   * {@link OtlpResponses#status} instead, as the OTLP specification asks.
   */
  public static void refuse(HttpServletResponse res, IngestRefused e) throws IOException {
    if (e.status() == 503) {
      res.setHeader("Retry-After", IngestSlots.RETRY_AFTER_SECONDS);
    }
    ErrorBody.write(res, e.status(), e.kind().code(), e.getMessage(), java.util.Map.of());
  }

  /** Writes {@code body} as JSON with {@code status}. */
  public static void json(HttpServletResponse res, int status, Object body) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
  }
}
