package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.ingest.IngestRefused;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A request body as the parsers stream it: gunzipped when so encoded, cut off past the cap on
 * decompressed bytes. Parsers wrap (or reword) the IOException a bad body raises, so the reason is
 * kept here as a {@link IngestRefused}: 400 for a body that is not gzip, 413 past the cap.
 */
final class IngestBody extends InputStream {
  private final Raw raw;
  private final boolean gzip;
  private final long maxBytes;
  private InputStream in;
  private long count;
  private IngestRefused failure;

  IngestBody(InputStream raw, boolean gzip, long maxBytes) {
    this.raw = new Raw(raw);
    this.gzip = gzip;
    this.maxBytes = maxBytes;
  }

  /** Why reading stopped, if the body (not a parser) was at fault. */
  IngestRefused failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      if (in == null) {
        in = gzip ? new GZIPInputStream(raw, 16_384) : raw;
      }
      n = in.read(b, off, len);
    } catch (IOException e) {
      if (gzip && !raw.failed) {
        failure =
            new IngestRefused(
                400,
                "the body is not valid gzip ("
                    + (e.getMessage() == null ? "it ends early" : e.getMessage())
                    + "): send it gzip-compressed whole, or without Content-Encoding");
      }
      throw e;
    }
    if (n > 0) {
      count += n;
      if (count > maxBytes) {
        failure =
            new IngestRefused(
                413,
                "the decompressed body exceeds "
                    + maxBytes
                    + " bytes (OPSMCP_INGEST_MAX_DECOMPRESSED_MB); nothing was stored: send"
                    + " smaller batches");
        throw new IOException(failure.getMessage());
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }

  /** The undecoded stream; remembers whether it (the connection), not gzip, failed. */
  private static final class Raw extends InputStream {
    private final InputStream in;
    private boolean failed;

    Raw(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
