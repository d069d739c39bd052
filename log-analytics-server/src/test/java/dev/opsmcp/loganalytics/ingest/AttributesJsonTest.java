package dev.opsmcp.loganalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.tool.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributesJsonTest {
  @Test
  void write_isTheTextJacksonWrites_forEveryKindOfValue() {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("http.method", "GET");
    attrs.put("code", 200L);
    attrs.put("ok", true);
    attrs.put("none", null);
    attrs.put("ratio", 0.25);
    attrs.put("big", 1e21);
    attrs.put("list", List.of("a", 1L, false));
    attrs.put("map", Map.of("k", "v"));
    StringBuilder every = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      every.append(c);
    }
    attrs.put("ascii", every.toString());
    attrs.put("quote\"key\\", "é 漢字 😀 \u2028 \u007f");
    assertThat(AttributesJson.write(attrs)).isEqualTo(Json.write(attrs));
    assertThat(AttributesJson.write(Map.of())).isEqualTo("{}");
  }
}
