package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IncomingMessageTest {
  static final String CALL =
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"system_info\","
          + "\"arguments\":{\"a\":[1,{\"b\":null}]},\"_meta\":{\"progressToken\":3}}}";

  static IncomingMessage read(String body) throws IncomingMessage.Refused {
    return IncomingMessage.read(body.getBytes(StandardCharsets.UTF_8));
  }

  static IncomingMessage.Refused refused(String body) {
    return catchThrowableOfType(IncomingMessage.Refused.class, () -> read(body));
  }

  @Nested
  class Accepted {
    @Test
    void request_withNumericId_isARequestForItsMethod() throws Exception {
      IncomingMessage m = read(CALL);

      assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.REQUEST);
      assertThat(m.id()).isEqualTo(7L);
      assertThat(m.method()).isEqualTo("tools/call");
    }

    @Test
    void stringId_notification_andResponse() throws Exception {
      assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}").id())
          .isEqualTo("a");
      assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").kind())
          .isEqualTo(IncomingMessage.Kind.NOTIFICATION);
      IncomingMessage response = read("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}");
      assertThat(response.kind()).isEqualTo(IncomingMessage.Kind.RESPONSE);
      assertThat(response.id()).isEqualTo(5L);
    }

    @Test
    void aRepeatedMember_countsAsItsLastOccurrence() throws Exception {
      IncomingMessage m =
          read(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":\"x\",\"method\":\"tools/call\","
                  + "\"params\":[],\"params\":{\"name\":5,\"name\":\"a\"}}");

      assertThat(m.id()).isEqualTo("x");
      assertThat(m.method()).isEqualTo("tools/call");
    }

    @Test
    void whitespaceAfterTheMessage_isFine() throws Exception {
      assertThat(read(CALL + " \n").method()).isEqualTo("tools/call");
    }
  }

  @Nested
  class Refused {
    @Test
    void moreJsonAfterTheMessage_isAParseErrorSayingWhere() {
      IncomingMessage.Refused r = refused(CALL + " {}");

      assertThat(r.code).isEqualTo(IncomingMessage.PARSE_ERROR);
      assertThat(r.getMessage()).contains("more JSON follows the message (line 1, column");
    }

    @Test
    void malformedJsonInASkippedValue_isAParseError() {
      assertThat(refused(CALL.replace("[1,", "[1,,")).code).isEqualTo(IncomingMessage.PARSE_ERROR);
      byte[] badUtf8 = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      assertThat(
              catchThrowableOfType(
                      IncomingMessage.Refused.class, () -> IncomingMessage.read(badUtf8))
                  .code)
          .isEqualTo(IncomingMessage.PARSE_ERROR);
    }

    @Test
    void ids_outsideLongOrLongerThan200_areRefused() {
      for (String id : new String[] {"1.5", "12345678901234567890", "true", "[1]"}) {
        IncomingMessage.Refused r =
            refused("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
        assertThat(r.code).as(id).isEqualTo(IncomingMessage.INVALID_REQUEST);
        assertThat(r.getMessage()).as(id).contains("'id' must be an integer or a string");
      }
      assertThat(refused("{\"jsonrpc\":\"2.0\",\"id\":\"" + "i".repeat(201) + "\"}").code)
          .isEqualTo(IncomingMessage.INVALID_REQUEST);
    }

    @Test
    void paramsOfTheWrongShape_areInvalidParams_withTheRequestId() {
      for (String params :
          new String[] {
            "null",
            "[]",
            "{\"arguments\":{}}",
            "{\"name\":5}",
            "{\"name\":\"a\"," + "\"arguments\":[]}",
            "{\"name\":\"a\",\"_meta\":5}"
          }) {
        IncomingMessage.Refused r =
            refused(
                "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":"
                    + params
                    + "}");
        assertThat(r.code).as(params).isEqualTo(IncomingMessage.INVALID_PARAMS);
        assertThat(r.id).as(params).isEqualTo(21L);
      }
    }

    @Test
    void aToolNameOver128Characters_isUnknown_withoutEchoingItWhole() {
      IncomingMessage.Refused r = refused(CALL.replace("system_info", "n".repeat(10_000)));

      assertThat(r.code).isEqualTo(IncomingMessage.INVALID_PARAMS);
      assertThat(r.getMessage()).startsWith("Unknown tool").hasSizeLessThan(300);
    }

    @Test
    void everyMalformedBodyOfTheIt_isRefused() {
      for (byte[] body : McpInputIT.MALFORMED) {
        assertThat(
                catchThrowableOfType(
                    IncomingMessage.Refused.class, () -> IncomingMessage.read(body)))
            .as(new String(body, StandardCharsets.UTF_8))
            .isNotNull();
      }
    }
  }

  @Test
  void mutatedMessages_areReadOrRefused_withAJsonRpcCode_neverThrowOtherwise() {
    Set<Integer> codes =
        Set.of(
            IncomingMessage.PARSE_ERROR,
            IncomingMessage.INVALID_REQUEST,
            IncomingMessage.METHOD_NOT_FOUND,
            IncomingMessage.INVALID_PARAMS);
    String alphabet = "{}[]\":,0123456789.-eE truefalsnul\\ax\u00e9";
    Random random = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder body = new StringBuilder(CALL);
      for (int e = 1 + random.nextInt(3); e > 0 && !body.isEmpty(); e--) {
        int at = random.nextInt(body.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> body.deleteCharAt(at);
          case 1 -> body.insert(at, c);
          default -> body.setCharAt(at, c);
        }
      }
      try {
        read(body.toString());
      } catch (IncomingMessage.Refused r) {
        assertThat(codes).as(body.toString()).contains(r.code);
        assertThat(r.getMessage()).as(body.toString()).isNotBlank();
      }
    }
  }
}
