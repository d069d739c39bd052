package dev.opsmcp.common.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.tool.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorsTest {
  record After(long id, String at) {}

  record Filters(String status, String agent) {}

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private final Cursors cursors = new Cursors(key(7));
  private final Cursor<After> sessions =
      cursors.bind("acme", "sessions", new Filters("open", null), After.class);

  @Test
  void aTokenReadsBackAsItsPosition_andNoTokenIsTheFirstPage() throws ToolFailure {
    String token = sessions.write(new After(42, "2025-01-31T12:00:00Z"));
    assertThat(sessions.read(token)).isEqualTo(new After(42, "2025-01-31T12:00:00Z"));
    assertThat(sessions.read(null)).isNull();
    assertThat(sessions.read("")).isNull();
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  }

  @Test
  void theSameFiltersInAnotherMapOrder_acceptTheToken() throws ToolFailure {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", "x");
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", "x");
    ba.put("a", 1);
    String token = cursors.bind("acme", "notes", ab, After.class).write(new After(1, null));
    assertThat(cursors.bind("acme", "notes", ba, After.class).read(token)).isNotNull();
  }

  @Test
  void aChangedPosition_isRefusedWithHowToStartOver() {
    String token = sessions.write(new After(42, null));
    String forged =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"id\":1,\"at\":null}".getBytes(StandardCharsets.UTF_8))
            + token.substring(token.indexOf('.'));
    assertRefused(sessions, forged);
  }

  @Test
  void aChangedTag_garbage_andAnEmptyTag_areRefused() {
    String token = sessions.write(new After(42, null));
    char last = token.charAt(token.length() - 1);
    assertRefused(sessions, token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'));
    assertRefused(sessions, "not-a-cursor");
    assertRefused(sessions, token.substring(0, token.indexOf('.') + 1));
    assertRefused(sessions, "%%%.%%%");
    assertRefused(sessions, "42");
  }

  @Test
  void aTokenOfOtherFilters_anotherList_anotherTenant_orAnotherKey_isRefused() {
    String token = sessions.write(new After(42, null));
    assertRefused(cursors.bind("acme", "sessions", new Filters("ended", null), After.class), token);
    assertRefused(cursors.bind("acme", "messages", new Filters("open", null), After.class), token);
    assertRefused(cursors.bind("other", "sessions", new Filters("open", null), After.class), token);
    assertRefused(
        new Cursors(key(8)).bind("acme", "sessions", new Filters("open", null), After.class),
        token);
  }

  @Test
  void aKeyShorterThan32Bytes_isRejected() {
    assertThatThrownBy(() -> new Cursors(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefused(Cursor<After> cursor, String token) {
    assertThatThrownBy(() -> cursor.read(token))
        .isInstanceOfSatisfying(
            ToolFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ToolFailure.Kind.INVALID_ARGUMENT))
        .hasMessageContaining("without cursor")
        .hasMessageNotContaining("Exception");
  }
}
