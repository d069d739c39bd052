package dev.opsmcp.loganalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyLogWriterTest {
  @Test
  void row_writesBinaryFields_withNullsMicrosecondsAndTextAsIs() {
    CopyLogWriter.Rows rows = new CopyLogWriter.Rows(8);
    rows.row(
        CopyLogWriter.utf8("acme"),
        new LogEntry(
            "api",
            Instant.parse("2025-01-02T03:04:05.123456789Z"),
            17,
            "ERROR",
            "a\tb\nc\\d\re\0f é",
            null,
            "abc",
            null));
    ByteBuffer b = ByteBuffer.wrap(rows.buf, 0, rows.size);
    assertThat(b.getShort()).isEqualTo((short) 9);
    assertThat(text(b)).isEqualTo("acme");
    assertThat(text(b)).isEqualTo("api");
    assertThat(b.getInt()).isEqualTo(8);
    // 2025-01-02T03:04:05.123456Z in microseconds since 2000-01-01T00:00:00Z
    assertThat(b.getLong()).isEqualTo(789_102_245_123_456L);
    assertThat(b.getInt()).isEqualTo(4);
    assertThat(b.getInt()).isEqualTo(17);
    assertThat(text(b)).isEqualTo("ERROR");
    assertThat(text(b)).isEqualTo("a\tb\nc\\d\ref é"); // NUL dropped, nothing escaped
    assertThat(b.getInt()).isEqualTo(-1);
    assertThat(text(b)).isEqualTo("abc");
    assertThat(b.getInt()).isEqualTo(-1);
    assertThat(b.hasRemaining()).isFalse();
  }

  @Test
  void headerAndTrailer_areBinaryCopyFraming() {
    CopyLogWriter.Rows rows = new CopyLogWriter.Rows(4);
    rows.header();
    rows.trailer();
    assertThat(new String(rows.buf, 0, 11, StandardCharsets.ISO_8859_1))
        .isEqualTo("PGCOPY\n\u00ff\r\n\0");
    assertThat(rows.size).isEqualTo(19 + 2);
    assertThat(rows.buf[19]).isEqualTo((byte) 0xff);
    assertThat(rows.buf[20]).isEqualTo((byte) 0xff);
  }

  private static String text(ByteBuffer b) {
    int n = b.getInt();
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
