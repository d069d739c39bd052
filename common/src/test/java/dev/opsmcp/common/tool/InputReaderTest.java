package dev.opsmcp.common.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputReaderTest {
  enum Decision {
    APPROVE,
    DENY
  }

  record Slo(@Param("availability, 0..1") double availability) {}

  record Body(
      @Param("a summary") String summary,
      @Param(value = "how many", optional = true) Integer count,
      @Param(value = "wait?", optional = true) Boolean urgent,
      @Param(value = "decision", optional = true) Decision decision,
      @Param(value = "depends on", optional = true) List<String> dependsOn,
      @Param(value = "slo", optional = true) Slo slo,
      @Param(value = "when", optional = true) OffsetDateTime at) {}

  record Checked(@Param("positive") int n) {
    Checked {
      if (n <= 0) {
        throw new IllegalArgumentException("n must be positive; send 1 or more");
      }
    }
  }

  private static Body read(String json) throws ToolFailure {
    return InputReader.fromJson(json.getBytes(StandardCharsets.UTF_8), Body.class);
  }

  private static void refused(String json, String... says) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(
            ToolFailure.class,
            f -> assertThat(f.kind()).isEqualTo(ToolFailure.Kind.INVALID_ARGUMENT))
        .hasMessageContainingAll(says)
        .hasMessageNotContainingAny("java.", "dev.opsmcp", "Exception", "JsonToken", "class ");
  }

  @Test
  void aValidBody_isRead_withCaseInsensitiveEnums_andNestedRecords() throws ToolFailure {
    Body b =
        read(
            """
            {"summary":"s","count":3,"urgent":true,"decision":"approve","depends_on":["db"],
             "slo":{"availability":0.999},"at":"2025-01-31T12:00:00Z"}""");
    assertThat(b)
        .isEqualTo(
            new Body(
                "s",
                3,
                true,
                Decision.APPROVE,
                List.of("db"),
                new Slo(0.999),
                OffsetDateTime.parse("2025-01-31T12:00:00Z")));
  }

  @Test
  void aWrongType_namesTheFieldTheTypeNeededAndWhatWasSent() {
    refused("{\"summary\":5}", "field 'summary' must be a string, not the number 5");
    refused(
        "{\"summary\":\"s\",\"urgent\":\"true\"}",
        "'urgent' must be a boolean (true or false)",
        "string");
    refused("{\"summary\":\"s\",\"urgent\":1}", "'urgent' must be a boolean (true or false)");
    refused("{\"summary\":\"s\",\"count\":1.5}", "'count' must be an integer");
    refused("{\"summary\":\"s\",\"count\":99999999999}", "'count' must be an integer");
    refused("{\"summary\":[\"a\"]}", "'summary' must be a string, not an array");
    refused("{\"summary\":\"s\",\"decision\":\"maybe\"}", "one of APPROVE, DENY");
    refused("{\"summary\":\"s\",\"depends_on\":[\"a\",2]}", "'depends_on[1]' must be a string");
    refused("{\"summary\":\"s\",\"slo\":{\"availability\":\"high\"}}", "'slo.availability'");
    refused(
        "{\"summary\":\"s\",\"at\":\"yesterday\"}",
        "'at' cannot be read: send an RFC 3339 date-time");
  }

  @Test
  void unknownAndMissingFields_areNamed_withWhatIsAccepted() {
    refused("{\"summary\":\"s\",\"tenant\":\"x\"}", "unknown field 'tenant'", "summary, count");
    refused("{\"count\":1}", "missing required field 'summary' (a string)");
    refused("{\"summary\":null}", "missing required field 'summary'");
    refused("{\"summary\":\"s\",\"slo\":{}}", "missing required field 'slo.availability'");
  }

  @Test
  void notJson_orNotAnObject_isRefusedWithWhereAndWhatToSend() {
    refused("{\"summary\": ", "not valid JSON", "line 1");
    refused("[1,2]", "send a JSON object", "not an array");
    refused("\"s\"", "send a JSON object");
  }

  @Test
  void anEmptyBody_isAnEmptyObject() throws ToolFailure {
    record None() {}
    assertThat(InputReader.fromJson(new byte[0], None.class)).isEqualTo(new None());
    assertThat(InputReader.fromJson(" \n".getBytes(StandardCharsets.UTF_8), None.class))
        .isEqualTo(new None());
  }

  @Test
  void aRefusalFromTheRecordItself_isPassedOn() {
    assertThatThrownBy(
            () -> InputReader.fromJson("{\"n\":0}".getBytes(StandardCharsets.UTF_8), Checked.class))
        .isInstanceOf(ToolFailure.class)
        .hasMessage("n must be positive; send 1 or more");
  }

  @Test
  void aHugeValue_isNotEchoedBack() {
    String big = "x".repeat(100_000);
    assertThatThrownBy(() -> read("{\"summary\":\"s\",\"urgent\":\"" + big + "\"}"))
        .isInstanceOf(ToolFailure.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }
}
